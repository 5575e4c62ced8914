import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DomainEvent } from '@erp/contracts';
import {
  Alarm,
  alarmKey,
  AlarmReport,
  CurrentDistrict,
  HazardRegisterCache,
  Clock,
  DomainError,
  Transaction,
  UnitOfWork,
} from '@erp/domain';
import { CLOCK, Metrics, structured } from '@erp/platform';
import { AlarmReceipt } from './receive-alarm.command';

/** Most alarms one transaction takes; more wait for the next. */
export const MAX_ALARMS_PER_COMMIT = 200;
/** Group commits running at once: one can fill while the other waits for its WAL flush. */
export const MAX_COMMITS_IN_FLIGHT = 2;

/** An accepted alarm waiting for its group commit, and the caller waiting for the receipt. */
interface Arrival {
  alarm: Alarm;
  /** Pulled once, on arrival, so that a retry after a failed group commit still writes them. */
  events: DomainEvent[];
  requestId: string;
  resolve(receipt: AlarmReceipt): void;
  reject(error: unknown): void;
}

/**
 * Makes alarms durable before anyone is told they arrived (接警入库): each alarm row and its
 * AlarmReceived event commit together. Alarms arriving together share one transaction (group commit): the
 * first arrival schedules a commit for the end of the event-loop turn, so the requests of one turn go
 * together; while commits are in flight, new arrivals wait for the next one. Batches grow with load and an
 * idle system adds no delay.
 *
 * The same source and external id again returns the first alarm's id: the insert's ON CONFLICT decides,
 * with no look-up first, so two concurrent copies cannot both insert; copies within one commit are told
 * apart before the insert (the first in arrival order wins).
 *
 * If a group commit fails, nothing of it was written, and each of its alarms is retried in a transaction of
 * its own: an alarm the database refuses fails only its own caller. Refusals the domain decides (unknown
 * hazard point, township, type…) come before queueing and reach only their caller.
 *
 * Two commits in flight are safe: each inserts in (source, external id) order, so two commits sharing keys
 * wait for each other instead of deadlocking; and a copy of an alarm another commit is still inserting
 * waits for that commit's outcome, then either loses (and reads the winner, now committed) or inserts.
 */
@Injectable()
export class AlarmAdmission {
  private readonly log = structured(new Logger(), AlarmAdmission.name);
  private waiting: Arrival[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    /** The stored hazard register; an id it does not know is looked up afresh before it is refused. */
    private readonly hazards: HazardRegisterCache,
    /** The district with the commander's township points: an alarm is placed by them. */
    private readonly district: CurrentDistrict,
    @Optional() @Inject(Metrics) private readonly metrics: Metrics | null = null,
  ) {}

  /** Resolves once the alarm is durable (or found to be a copy of a durable one). */
  async admit(report: AlarmReport, requestId: string): Promise<AlarmReceipt> {
    if (report.hazardPointId && !(await this.knowsHazardPoint(report.hazardPointId))) {
      throw new DomainError(
        'ALARM.UNKNOWN_HAZARD_POINT',
        'invalid',
        `unknown hazard point ${report.hazardPointId}`,
        { pointer: '/hazardPointId' },
      );
    }
    const alarm = Alarm.receive(randomUUID(), report, await this.district.district(), this.clock.now());
    const receipt = await new Promise<AlarmReceipt>((resolve, reject) => {
      this.waiting.push({ alarm, events: alarm.pullEvents(), requestId, resolve, reject });
      this.schedule();
    });
    // Every new alarm, in the district or not (only those in it raise AlarmReceived).
    if (!receipt.duplicate) this.metrics?.alarmsReceived.inc();
    return receipt;
  }

  private async knowsHazardPoint(id: string): Promise<boolean> {
    return (await this.hazards.point(id)) !== undefined;
  }

  private schedule(): void {
    if (this.scheduled || !this.waiting.length || this.inFlight >= MAX_COMMITS_IN_FLIGHT) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.waiting.length && this.inFlight < MAX_COMMITS_IN_FLIGHT) {
        this.inFlight++;
        void this.commit(this.waiting.splice(0, MAX_ALARMS_PER_COMMIT)).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    });
  }

  /** Settles every arrival of the group; never rejects. */
  private async commit(group: Arrival[]): Promise<void> {
    try {
      const receipts = await this.unitOfWork.run((tx) => this.store(tx, group));
      group.forEach((arrival, i) => arrival.resolve(receipts[i]));
      return;
    } catch (e) {
      if (group.length === 1) return group[0].reject(e);
      this.log.warn('整批入库失败，逐条重试 group commit failed, admitting its alarms one by one', {
        alarms: group.length,
        error: (e as Error).message,
      });
    }
    for (const arrival of group) {
      try {
        const [receipt] = await this.unitOfWork.run((tx) => this.store(tx, [arrival]));
        arrival.resolve(receipt);
      } catch (e) {
        arrival.reject(e);
      }
    }
  }

  /** Inserts the new alarms, finds the first alarm of each copy, and records the new alarms' events. */
  private async store(tx: Transaction, group: Arrival[]): Promise<AlarmReceipt[]> {
    const firstOfKey = new Set<string>();
    const candidates: Alarm[] = [];
    for (const { alarm } of group) {
      const key = keyOf(alarm);
      if (firstOfKey.has(key)) continue;
      firstOfKey.add(key);
      candidates.push(alarm);
    }
    const inserted = await tx.alarms.insertAllIfNew(candidates);
    const copies = group.filter(({ alarm }) => !inserted.has(alarm.id)).map(({ alarm }) => alarm.snapshot());
    const winners = await tx.alarms.idsByKey(copies);
    for (const { alarm, events, requestId } of group) {
      if (!inserted.has(alarm.id)) continue;
      await tx.record(
        events,
        {
          actor: { kind: 'source', id: alarm.snapshot().source },
          correlationId: alarm.id,
          causationId: requestId,
        },
        alarm.snapshot().receivedAt,
      );
    }
    return group.map(({ alarm }) => {
      if (inserted.has(alarm.id)) return { alarmId: alarm.id, duplicate: false };
      const winner = winners.get(keyOf(alarm));
      // The conflicting row was committed (the insert waited for it) and alarms are never deleted.
      if (!winner) throw new Error(`告警 ${keyOf(alarm)} 未插入也未找到 neither inserted nor found`);
      return { alarmId: winner, duplicate: true };
    });
  }
}

function keyOf(alarm: Alarm): string {
  const { source, externalId } = alarm.snapshot();
  return alarmKey(source, externalId);
}
