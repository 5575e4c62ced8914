import { randomBytes } from 'node:crypto';
import { Admin, Consumer, Kafka } from 'kafkajs';
import { Topics } from '@erp/contracts';
import { groupJoined, startGroupAtEnd } from './kafka-client';
import { BenchRun } from './run-namespace';
import { progress } from './terminal';
import { sleep, wallNow } from './wall-clock';

export type HandledHow = 'opened' | 'joined';

interface ObservedEvent {
  type: string;
  payload?: { alarmId?: string; incidentId?: string };
}

/**
 * Watches the run's alarms and incidents topics from a group of its own and notes when each alarm was
 * handled: IncidentClassified of the incident it opened, or AlarmJoinedIncident when it joined one.
 */
export class PipelineObserver {
  /** Events seen, by type. */
  readonly counts: Record<string, number> = {};
  /** alarmId → arrival of its AlarmReceived. */
  readonly alarmReceivedAt = new Map<string, number>();
  private readonly incidentOpenedBy = new Map<string, string>();
  private readonly classifiedAt = new Map<string, number>();
  private readonly joinedAt = new Map<string, number>();
  private readonly group: string;
  private consumer?: Consumer;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly run: BenchRun,
  ) {
    this.group = `bench-${run.id}-${randomBytes(3).toString('hex')}`;
  }

  async start(): Promise<void> {
    const topics = [this.run.onBroker(Topics.incidents), this.run.onBroker(Topics.alarms)];
    // A fresh group would start at the beginning (fromBeginning below): pointed at the end first, it
    // neither misses the run's first events nor replays the topics' history.
    for (const topic of topics) await startGroupAtEnd(this.admin, this.group, topic);
    const consumer = this.kafka.consumer({
      groupId: this.group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    const joined = groupJoined(consumer, 60_000);
    await consumer.run({
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        const arrivedAt = wallNow();
        for (const message of batch.messages) {
          if (!message.value) continue;
          try {
            this.note(JSON.parse(message.value.toString('utf8')) as ObservedEvent, arrivedAt);
          } catch {
            continue;
          }
        }
      },
    });
    await joined;
    progress(`observer ${this.group} joined`);
  }

  /** When the alarm was handled, and how; null while it is not. */
  handledAt(alarmId: string): { at: number; how: HandledHow } | null {
    const incident = this.incidentOpenedBy.get(alarmId);
    if (incident) {
      const at = this.classifiedAt.get(incident);
      return at === undefined ? null : { at, how: 'opened' };
    }
    const joined = this.joinedAt.get(alarmId);
    return joined === undefined ? null : { at: joined, how: 'joined' };
  }

  handledCount(): number {
    return this.classifiedAt.size + this.joinedAt.size;
  }

  /** Until every alarm named is handled, or the deadline, or `stop`. */
  async waitUntilHandled(alarmIds: readonly string[], deadline: number, stop: () => boolean): Promise<void> {
    let lastProgress = wallNow();
    for (;;) {
      const pending = alarmIds.filter((id) => !this.handledAt(id)).length;
      if (pending === 0 || wallNow() > deadline || stop()) return;
      if (wallNow() - lastProgress > 5000) {
        lastProgress = wallNow();
        progress(`draining: ${pending} of ${alarmIds.length} not yet handled`);
      }
      await sleep(200);
    }
  }

  /** Leaves and deletes its group. */
  async stop(): Promise<void> {
    if (!this.consumer) return;
    await this.consumer.disconnect().catch(() => undefined);
    await this.admin.deleteGroups([this.group]).catch(() => undefined);
    this.consumer = undefined;
  }

  private note(event: ObservedEvent, arrivedAt: number): void {
    this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
    const { alarmId, incidentId } = event.payload ?? {};
    switch (event.type) {
      case 'AlarmReceived':
        if (alarmId && !this.alarmReceivedAt.has(alarmId)) this.alarmReceivedAt.set(alarmId, arrivedAt);
        break;
      case 'IncidentOpened':
        if (alarmId && incidentId && !this.incidentOpenedBy.has(alarmId))
          this.incidentOpenedBy.set(alarmId, incidentId);
        break;
      case 'IncidentClassified':
        if (incidentId && !this.classifiedAt.has(incidentId)) this.classifiedAt.set(incidentId, arrivedAt);
        break;
      case 'AlarmJoinedIncident':
        if (alarmId && incidentId && !this.joinedAt.has(alarmId)) this.joinedAt.set(alarmId, arrivedAt);
        break;
    }
  }
}
