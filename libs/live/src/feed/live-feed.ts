import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { decodeEnvelope, EventPayloads, EventType, Topics } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { ReadStore } from '@erp/domain';
import { Infrastructure, structured } from '@erp/platform';
import { IncidentUnits } from '../audience/incident-units';
import { LiveEvent, unitsNamedBy } from '../live-event';
import { EventRing } from '../replay/event-ring';

/** The topics whose events the live view shows, in both modes: one list, so they cannot drift apart. */
const LIVE_TOPICS: ReadonlySet<string> = new Set([
  Topics.incidents,
  Topics.commandStructure,
  Topics.monitoring,
]);

/** Recent events kept for Last-Event-ID: a few minutes of a busy district, seconds of a load test. */
export const RING_CAPACITY = 2_000;

/** Every event type the contracts know, so new ones reach the console without a change here. */
const ALL_TYPES = Object.keys(EventPayloads) as EventType[];

type Listener = (event: LiveEvent) => void;

/**
 * This instance's view of the product's event stream, for the console: its own consumer group (new at
 * every start, starting at the latest record, so no history is replayed and every instance sees every
 * event) or, in single node, each commit's events as they commit; a ring of recent events, and the open
 * streams to hand each event to. Best effort by design: it never throws into the stream.
 */
@Injectable()
export class LiveFeed implements OnModuleInit {
  readonly ring = new EventRing<LiveEvent>(RING_CAPACITY);
  private readonly listeners = new Set<Listener>();
  private readonly units: IncidentUnits;
  private readonly log = structured(new Logger(LiveFeed.name), LiveFeed.name);
  /** Committed events are taken one commit after another, so the ring keeps the order they came in. */
  private taking: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
    store: ReadStore,
  ) {
    this.units = new IncidentUnits(async (ids) => {
      const tasks = await store.tasks.listByIncidents(ids);
      return new Map([...tasks].map(([id, list]) => [id, list.map((t) => t.unitId)]));
    });
  }

  async onModuleInit(): Promise<void> {
    // Single node: take each commit's events at once rather than after the relay, which waits for every
    // other consumer of the batch before (under load the live view lagged the audit by seconds).
    const committed = this.infra.committedEvents();
    if (committed) {
      const stop = committed.listen((events) => this.takeCommitted(events));
      this.infra.track({ stop: async () => void stop() });
      return;
    }
    const instance = `${hostname()}.${this.ring.epoch}`.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
    this.infra.track(
      await consumeEvents(this.stream, {
        group: `console-live.${instance}`,
        topics: [...LIVE_TOPICS],
        types: ALL_TYPES,
        startAt: 'latest',
        log: this.log,
        handle: (event) => this.take([event]),
        handleBatch: (events) => this.take(events),
      }),
    );
  }

  /** Calls `listener` with each event from now on; returns how to stop. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private takeCommitted(committed: readonly { topic: string; envelope: unknown }[]): void {
    const events: DecodedEvent[] = [];
    for (const { topic, envelope } of committed) {
      if (!LIVE_TOPICS.has(topic)) continue;
      try {
        events.push(decodeEnvelope(JSON.stringify(envelope)));
      } catch (e) {
        this.log.warn('事件无法解码 an event could not be decoded for the live view', {
          error: (e as Error).message,
        });
      }
    }
    if (!events.length) return;
    this.taking = this.taking
      .then(() => this.take(events))
      .catch((e: Error) => this.log.warn('实时事件处理失败 live events dropped', { error: e.message }));
  }

  private async take(events: readonly DecodedEvent[]): Promise<void> {
    let holders: (readonly string[])[];
    try {
      holders = await this.units.holders(events);
    } catch (e) {
      // Scoped by what the events name alone: an officer may miss an event, never see another's.
      this.log.warn('任务单位读取失败 could not read task holders; scoping by the events alone', {
        error: (e as Error).message,
      });
      holders = events.map(() => []);
    }
    events.forEach((event, i) => {
      const live = this.ring.add((id) => ({
        id,
        eventId: event.eventId,
        type: event.type,
        incidentId: event.incidentId,
        occurredAt: event.occurredAt,
        recordedAt: event.recordedAt,
        actor: event.actor,
        payload: event.payload as Record<string, unknown>,
        units: [...new Set([...holders[i], ...unitsNamedBy(event.payload as Record<string, unknown>)])],
      }));
      for (const listener of this.listeners) {
        try {
          listener(live);
        } catch (e) {
          this.log.warn('推送失败 a live stream failed to take an event', { error: (e as Error).message });
        }
      }
    });
  }
}
