import { AggregateRoot } from '../shared/aggregate-root';
import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { District } from '../district/district';
import { isIncidentType } from '../classification/incident-types';

/** What an alarm says about the harm so far: the classifier's input (灾情). */
export interface AlarmFacts {
  casualties?: { deaths?: number; missing?: number; seriousInjuries?: number; trapped?: number };
  economicLossCny?: number;
  affectedAreaHa?: number;
  personsThreatened?: number;
}

export interface Reporter {
  name?: string;
  phone?: string;
  role?: string;
}

/** What a source tells us, already shape-checked at the edge. */
export interface AlarmReport {
  source: string;
  externalId: string;
  type: string;
  occurredAt: Date;
  townshipCode?: string;
  location?: GeoPoint;
  description: string;
  category?: string;
  facts?: AlarmFacts;
  hazardPointId?: string;
  reporter?: Reporter;
  /** 应急演练: runs the real flow, stays out of the statistics. */
  exercise?: boolean;
  /** An exercise's drill time: its incident's deadlines and ladder waits are multiplied by it. */
  timeScale?: number;
  /** This alarm amends or cancels an earlier one (a CAP Update or Cancel naming it in `references`). */
  relation?: AlarmRelation;
  /** Set when the alarm is to be kept but never dispatched (a CAP Test or Draft, an event with no type). */
  notDispatchedReason?: string;
  /** The parsed CAP alert, every field, when the alarm came as CAP. */
  cap?: object;
}

export interface AlarmRelation {
  kind: 'amends' | 'cancels';
  alarmId: string;
}

/**
 * received → joined an incident. Or kept and never dispatched: outside the district, or not meant for
 * dispatch (a CAP Test or Draft…), with the reason.
 */
export type AlarmStatus = 'received' | 'joined' | 'outside_jurisdiction' | 'not_dispatched';

export interface AlarmState {
  id: string;
  source: string;
  externalId: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  /** Null only for alarms outside the district. */
  townshipCode: string | null;
  location: GeoPoint | null;
  description: string;
  category: string | null;
  facts: AlarmFacts;
  hazardPointId: string | null;
  reporter: Reporter | null;
  exercise: boolean;
  /** Exercises only: see `AlarmReport.timeScale`. */
  timeScale: number | null;
  relation: AlarmRelation | null;
  cap: object | null;
  status: AlarmStatus;
  notDispatchedReason: string | null;
  incidentId: string | null;
}

/** Tolerated clock skew of a source: an alarm "from the future" beyond this is refused. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export class Alarm extends AggregateRoot {
  private constructor(private state: AlarmState) {
    super();
  }

  /**
   * Accepts an alarm. A place outside the district is not an error: provincial and national feeds are
   * mostly about other places, so the alarm is kept with the reason and simply never dispatched. An unknown
   * code inside the district's own code range is an error, since no place has it.
   */
  static receive(id: string, report: AlarmReport, district: District, receivedAt: Date): Alarm {
    if (report.timeScale !== undefined && !report.exercise) {
      throw new DomainError(
        'ALARM.TIME_SCALE_NOT_EXERCISE',
        'invalid',
        '只有演练可以设置 timeScale (exercises only)',
        {
          pointer: '/timeScale',
        },
      );
    }
    if (report.occurredAt.getTime() > receivedAt.getTime() + MAX_FUTURE_SKEW_MS) {
      throw new DomainError('ALARM.OCCURRED_IN_FUTURE', 'invalid', 'occurredAt is in the future', {
        pointer: '/occurredAt',
      });
    }
    if (!report.notDispatchedReason && !isIncidentType(report.type)) {
      throw new DomainError('ALARM.UNKNOWN_TYPE', 'invalid', `unknown incident type ${report.type}`, {
        pointer: '/type',
      });
    }
    let townshipCode: string | null = null;
    let notDispatchedReason: string | null = null;
    if (report.townshipCode) {
      if (district.owns(report.townshipCode))
        townshipCode = district.requireTownship(report.townshipCode).code;
      else
        notDispatchedReason = `乡镇代码 ${report.townshipCode} 不属于${district.name} (township code outside ${district.code})`;
    } else if (report.location) {
      const township = district.locate(report.location);
      if (township) townshipCode = township.code;
      else
        notDispatchedReason = `位置 ${report.location.lat},${report.location.lon} 不在${district.name}辖区内 (outside the district)`;
    } else if (!report.notDispatchedReason) {
      throw new DomainError('ALARM.NO_PLACE', 'invalid', 'townshipCode or location is required', {
        pointer: '/townshipCode',
      });
    }
    // Kept-but-not-dispatched wins over outside: a CAP Test about another place is still just a test.
    if (report.notDispatchedReason) notDispatchedReason = report.notDispatchedReason;
    const status: AlarmStatus = report.notDispatchedReason
      ? 'not_dispatched'
      : townshipCode === null
        ? 'outside_jurisdiction'
        : 'received';
    const alarm = new Alarm({
      id,
      source: report.source,
      externalId: report.externalId,
      type: report.type,
      occurredAt: report.occurredAt,
      receivedAt,
      townshipCode,
      location: report.location ?? null,
      description: report.description,
      category: report.category ?? null,
      facts: report.facts ?? {},
      hazardPointId: report.hazardPointId ?? null,
      reporter: report.reporter ?? null,
      exercise: report.exercise ?? false,
      timeScale: report.exercise ? (report.timeScale ?? null) : null,
      relation: report.relation ?? null,
      cap: report.cap ?? null,
      status,
      notDispatchedReason,
      incidentId: null,
    });
    if (status === 'received' && townshipCode) {
      alarm.record({
        type: 'AlarmReceived',
        payload: {
          alarmId: id,
          source: report.source,
          externalId: report.externalId,
          type: report.type,
          occurredAt: report.occurredAt.toISOString(),
          receivedAt: receivedAt.toISOString(),
          townshipCode,
          location: report.location ?? null,
          description: report.description,
          exercise: report.exercise ?? false,
        },
      });
    }
    return alarm;
  }

  static restore(state: AlarmState): Alarm {
    return new Alarm({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  snapshot(): AlarmState {
    return { ...this.state };
  }

  /** An alarm joins exactly one incident; joining again the same one is a no-op. */
  joinIncident(incidentId: string): void {
    if (this.state.incidentId && this.state.incidentId !== incidentId) {
      throw new DomainError(
        'ALARM.ALREADY_JOINED',
        'conflict',
        `alarm already joined ${this.state.incidentId}`,
      );
    }
    this.state = { ...this.state, incidentId, status: 'joined' };
  }
}
