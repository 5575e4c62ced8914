import { AggregateRoot } from '../shared/aggregate-root';
import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { AlarmFacts, AlarmState } from '../alarm/alarm';
import { mergeFacts } from '../correlation/merge-facts';
import { CorrelationCandidate, latestAlarmAt } from '../correlation/correlation-rule';
import { decideReclassification } from '../classification/reclassification';
import type { NationalClassification } from '../classification/national-classifier';
import { Classification, Level, Tier } from './first-classification';

/** open → closed (the loop is closed, 闭环) or cancelled (the alarm was withdrawn, e.g. a CAP Cancel). */
export type IncidentStatus = 'open' | 'closed' | 'cancelled';

/** A grade waiting for a duty officer: downgrades are never applied on new information alone. */
export interface ProposedGrade {
  tier: Tier;
  level: Level;
  reasons: string[];
  ruleSetVersion: string;
}

export interface IncidentState {
  id: string;
  status: IncidentStatus;
  type: string;
  category: string | null;
  tier: Tier;
  level: Level;
  reasons: string[];
  ruleSetVersion: string;
  townshipCode: string;
  location: GeoPoint | null;
  /** Where correlation measures from: the reported location, else the township's approximate centre. */
  anchor: GeoPoint | null;
  description: string;
  openedAt: Date;
  lastAlarmAt: Date;
  exercise: boolean;
  /** What every alarm so far says together (the classifier's input). */
  facts: AlarmFacts;
  hazardPointId: string | null;
  pendingDowngrade: ProposedGrade | null;
  /** When the tiered plan first required a report up to the city (上报市级); null until then. */
  reportedUpAt: Date | null;
  /** 闭环: when, by whom and how the response ended; null while open. */
  closedAt: Date | null;
  closedBy: string | null;
  outcome: string | null;
  closeSummary: string | null;
  /** An exercise's own drill time for its tasks; null: the configured scale. */
  timeScale: number | null;
}

/** How a response ended, as the closing officer records it. */
export interface IncidentClosure {
  outcome: string;
  summary: string;
  closedBy: string;
}

export interface OpeningContext {
  anchor?: GeoPoint | null;
  hazardPointId?: string | null;
}

type Grade = Classification & Partial<Pick<NationalClassification, 'category'>>;

export class Incident extends AggregateRoot {
  private constructor(private state: IncidentState) {
    super();
  }

  /** 属地负责: the incident belongs to the alarm's township from the start. */
  static openFromAlarm(
    id: string,
    alarm: AlarmState,
    classification: Grade,
    at: Date,
    context: OpeningContext = {},
  ): Incident {
    const townshipCode = alarm.townshipCode;
    if (!townshipCode) {
      throw new DomainError(
        'ALARM.OUTSIDE_JURISDICTION',
        'invalid',
        `alarm ${alarm.id} is outside the district`,
      );
    }
    const incident = new Incident({
      id,
      status: 'open',
      type: alarm.type,
      category: classification.category ?? alarm.category,
      tier: classification.tier,
      level: classification.level,
      reasons: classification.reasons,
      ruleSetVersion: classification.ruleSetVersion,
      townshipCode,
      location: alarm.location,
      anchor: context.anchor ?? alarm.location,
      description: alarm.description,
      openedAt: at,
      lastAlarmAt: alarm.occurredAt,
      exercise: alarm.exercise,
      facts: alarm.facts,
      hazardPointId: context.hazardPointId ?? alarm.hazardPointId,
      pendingDowngrade: null,
      reportedUpAt: null,
      closedAt: null,
      closedBy: null,
      outcome: null,
      closeSummary: null,
      timeScale: alarm.exercise ? (alarm.timeScale ?? null) : null,
    });
    incident.record({
      type: 'IncidentOpened',
      payload: {
        incidentId: id,
        alarmId: alarm.id,
        alarmSource: alarm.source,
        alarmReceivedAt: alarm.receivedAt.toISOString(),
        alarmExternalId: alarm.externalId,
        type: alarm.type,
        townshipCode,
        location: alarm.location,
        description: alarm.description,
        exercise: alarm.exercise,
      },
    });
    incident.record({
      type: 'IncidentClassified',
      payload: {
        incidentId: id,
        tier: classification.tier,
        level: classification.level,
        reasons: classification.reasons,
        ruleSetVersion: classification.ruleSetVersion,
        ...(incident.state.category ? { category: incident.state.category } : {}),
      },
    });
    return incident;
  }

  static restore(state: IncidentState): Incident {
    return new Incident({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  snapshot(): IncidentState {
    return { ...this.state };
  }

  /** The facts the incident would have with this alarm's added: what to re-classify on. */
  /** What correlation sees of it: null unless it is open and placed (only those take more alarms). */
  asCandidate(): CorrelationCandidate | null {
    const s = this.state;
    if (s.status !== 'open' || !s.anchor) return null;
    return { id: s.id, type: s.type, anchor: s.anchor, lastAlarmAt: s.lastAlarmAt, exercise: s.exercise };
  }

  factsWith(alarm: AlarmState): AlarmFacts {
    return mergeFacts(this.state.facts, alarm.facts);
  }

  /**
   * Another alarm about this incident (provenance is kept), re-classified on everything known: an upgrade
   * applies at once (IncidentReclassified); a downgrade waits for a duty officer (IncidentDowngradeProposed).
   */
  joinAlarm(
    alarm: AlarmState,
    regraded: NationalClassification,
    at: Date,
    distanceMetres: number | null,
  ): void {
    if (this.state.status !== 'open') {
      throw new DomainError('INCIDENT.CLOSED', 'conflict', `incident ${this.state.id} is closed`);
    }
    this.state = {
      ...this.state,
      facts: mergeFacts(this.state.facts, alarm.facts),
      lastAlarmAt: latestAlarmAt(this.state.lastAlarmAt, alarm.occurredAt),
      hazardPointId: this.state.hazardPointId ?? alarm.hazardPointId,
    };
    this.record({
      type: 'AlarmJoinedIncident',
      payload: {
        incidentId: this.state.id,
        alarmId: alarm.id,
        alarmSource: alarm.source,
        alarmReceivedAt: alarm.receivedAt.toISOString(),
        alarmExternalId: alarm.externalId,
        type: alarm.type,
        distanceMetres: distanceMetres === null ? null : Math.round(distanceMetres),
      },
    });
    this.regrade(regraded);
  }

  /**
   * A unit on scene reported figures (情况报告): they count like an alarm's facts, and the incident is
   * re-graded on everything known, upgrades at once and downgrades proposed, as for a joining alarm.
   */
  addReportedFacts(facts: AlarmFacts, regrade: (merged: AlarmFacts) => NationalClassification): void {
    if (this.state.status !== 'open') return;
    const merged = mergeFacts(this.state.facts, facts);
    this.state = { ...this.state, facts: merged };
    this.regrade(regrade(merged));
  }

  private regrade(regraded: NationalClassification): void {
    const decision = decideReclassification({ tier: this.state.tier, level: this.state.level }, regraded);
    const to = { tier: regraded.tier, level: regraded.level };
    if (decision.kind === 'upgrade') {
      this.apply({ ...to, reasons: regraded.reasons, ruleSetVersion: regraded.ruleSetVersion }, null);
    } else if (decision.kind === 'downgrade-needs-confirmation') {
      const proposal = { ...to, reasons: regraded.reasons, ruleSetVersion: regraded.ruleSetVersion };
      this.state = { ...this.state, pendingDowngrade: proposal };
      this.record({
        type: 'IncidentDowngradeProposed',
        payload: {
          incidentId: this.state.id,
          from: this.grade(),
          to,
          reasons: regraded.reasons,
          ruleSetVersion: regraded.ruleSetVersion,
        },
      });
    }
  }

  /** The source withdrew the alarm that opened or fed it (CAP Cancel): the incident is cancelled. */
  cancel(alarm: AlarmState, reason: string): void {
    if (this.state.status === 'cancelled') return;
    if (this.state.status !== 'open') {
      throw new DomainError(
        'INCIDENT.CLOSED',
        'conflict',
        `incident ${this.state.id} is ${this.state.status}`,
      );
    }
    this.state = { ...this.state, status: 'cancelled', pendingDowngrade: null };
    this.record({
      type: 'IncidentCancelled',
      payload: { incidentId: this.state.id, alarmId: alarm.id, alarmSource: alarm.source, reason },
    });
  }

  /**
   * The tiered plan says this incident is reported up to the city (上报市级, a T3 clause): recorded once,
   * with the clauses that say so; a later reclassification or redelivery adds nothing.
   */
  requireCityReport(at: Date, planVersion: string, clauseIds: readonly string[]): void {
    if (this.state.reportedUpAt !== null || this.state.status !== 'open') return;
    this.state = { ...this.state, reportedUpAt: at };
    this.record({
      type: 'CityReportRequired',
      payload: {
        incidentId: this.state.id,
        tier: this.state.tier,
        level: this.state.level,
        planVersion,
        clauseIds: [...clauseIds],
      },
    });
  }

  /**
   * 闭环: the lead unit's officer or the commander closes the response, only once no task is open (each
   * one has its recorded outcome). The caller frees the teams still attached and says which.
   */
  close(
    closure: IncidentClosure,
    at: Date,
    openTasks: readonly { taskId: string; unitId: string; status: string }[],
    freedTeamIds: readonly string[],
  ): void {
    if (this.state.status !== 'open') {
      throw new DomainError(
        'INCIDENT.NOT_OPEN',
        'conflict',
        `事件已${this.state.status === 'closed' ? '关闭' : '撤销'} incident ${this.state.id} is ${this.state.status}`,
        { current: this.state.status },
      );
    }
    if (openTasks.length > 0) {
      throw new DomainError(
        'INCIDENT.OPEN_TASKS',
        'conflict',
        `尚有 ${openTasks.length} 项任务未结束 ${openTasks.length} task(s) still open`,
        { openTasks: openTasks.map((t) => ({ ...t })) },
      );
    }
    const outcome = closure.outcome.trim();
    if (!outcome) {
      throw new DomainError('INCIDENT.OUTCOME_REQUIRED', 'invalid', '须填写处置结果 an outcome is required', {
        pointer: '/outcome',
      });
    }
    this.state = {
      ...this.state,
      status: 'closed',
      closedAt: at,
      closedBy: closure.closedBy,
      outcome,
      closeSummary: closure.summary,
      pendingDowngrade: null,
    };
    this.record({
      type: 'IncidentClosed',
      payload: {
        incidentId: this.state.id,
        outcome,
        summary: closure.summary,
        closedAt: at.toISOString(),
        freedTeamIds: [...freedTeamIds],
      },
    });
  }

  /** A duty officer confirms the proposed downgrade. */
  confirmDowngrade(confirmedBy: string): void {
    const proposal = this.state.pendingDowngrade;
    if (!proposal)
      throw new DomainError('INCIDENT.NO_PENDING_DOWNGRADE', 'conflict', 'no downgrade awaits confirmation');
    this.apply(proposal, confirmedBy);
  }

  private grade(): { tier: Tier; level: Level } {
    return { tier: this.state.tier, level: this.state.level };
  }

  private apply(next: ProposedGrade, confirmedBy: string | null): void {
    const from = this.grade();
    this.state = { ...this.state, ...next, pendingDowngrade: null };
    this.record({
      type: 'IncidentReclassified',
      payload: {
        incidentId: this.state.id,
        from,
        to: { tier: next.tier, level: next.level },
        reasons: next.reasons,
        ruleSetVersion: next.ruleSetVersion,
        confirmedBy,
      },
    });
  }
}
