import { AggregateRoot } from '../shared/aggregate-root';
import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { AlarmState } from '../alarm/alarm';
import { Classification, Level, Tier } from './first-classification';

export type IncidentStatus = 'open' | 'closed';

export interface IncidentState {
  id: string;
  status: IncidentStatus;
  type: string;
  tier: Tier;
  level: Level;
  reasons: string[];
  ruleSetVersion: string;
  townshipCode: string;
  location: GeoPoint | null;
  description: string;
  openedAt: Date;
  exercise: boolean;
}

export class Incident extends AggregateRoot {
  private constructor(private state: IncidentState) {
    super();
  }

  /** 属地负责: the incident belongs to the alarm's township from the start. */
  static openFromAlarm(id: string, alarm: AlarmState, classification: Classification, at: Date): Incident {
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
      tier: classification.tier,
      level: classification.level,
      reasons: classification.reasons,
      ruleSetVersion: classification.ruleSetVersion,
      townshipCode,
      location: alarm.location,
      description: alarm.description,
      openedAt: at,
      exercise: alarm.exercise,
    });
    incident.record({
      type: 'IncidentOpened',
      payload: {
        incidentId: id,
        alarmId: alarm.id,
        alarmSource: alarm.source,
        alarmReceivedAt: alarm.receivedAt.toISOString(),
        type: alarm.type,
        townshipCode,
        location: alarm.location,
        description: alarm.description,
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
}
