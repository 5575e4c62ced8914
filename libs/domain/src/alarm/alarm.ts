import { AggregateRoot } from '../shared/aggregate-root';
import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { District } from '../district/district';

/** What a source tells us, already shape-checked at the edge. */
export interface AlarmReport {
  source: string;
  externalId: string;
  type: string;
  occurredAt: Date;
  townshipCode?: string;
  location?: GeoPoint;
  description: string;
}

export type AlarmStatus = 'received' | 'joined';

export interface AlarmState {
  id: string;
  source: string;
  externalId: string;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  townshipCode: string;
  location: GeoPoint | null;
  description: string;
  status: AlarmStatus;
  incidentId: string | null;
}

/** Tolerated clock skew of a source: an alarm "from the future" beyond this is refused. */
const MAX_FUTURE_SKEW_MS = 5 * 60_000;

export class Alarm extends AggregateRoot {
  private constructor(private state: AlarmState) {
    super();
  }

  static receive(id: string, report: AlarmReport, district: District, receivedAt: Date): Alarm {
    if (report.occurredAt.getTime() > receivedAt.getTime() + MAX_FUTURE_SKEW_MS) {
      throw new DomainError('ALARM.OCCURRED_IN_FUTURE', 'invalid', 'occurredAt is in the future', {
        pointer: '/occurredAt',
      });
    }
    const township = report.townshipCode
      ? district.requireTownship(report.townshipCode)
      : report.location
        ? district.locate(report.location)
        : undefined;
    if (!township) {
      throw new DomainError(
        'ALARM.OUTSIDE_DISTRICT',
        'invalid',
        `location is outside ${district.name} (${district.code})`,
        { pointer: '/location' },
      );
    }
    const alarm = new Alarm({
      id,
      source: report.source,
      externalId: report.externalId,
      type: report.type,
      occurredAt: report.occurredAt,
      receivedAt,
      townshipCode: township.code,
      location: report.location ?? null,
      description: report.description,
      status: 'received',
      incidentId: null,
    });
    alarm.record({
      type: 'AlarmReceived',
      payload: {
        alarmId: id,
        source: report.source,
        externalId: report.externalId,
        type: report.type,
        occurredAt: report.occurredAt.toISOString(),
        receivedAt: receivedAt.toISOString(),
        townshipCode: township.code,
        location: report.location ?? null,
        description: report.description,
      },
    });
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
