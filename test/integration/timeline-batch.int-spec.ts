import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditProjector } from '@erp/audit';
import { decodeEnvelope, DomainEvent } from '@erp/contracts';
import { ChainedFields, chainHash, GENESIS_HASH, ManualClock, timelineView, TimelineView } from '@erp/domain';
import { DecodedEvent, EventStream } from '@erp/event-stream';
import {
  createDataSource,
  DEMO_SOURCE_ID,
  envelopeFor,
  migrate,
  PostgresTimelineReadModel,
  PostgresUnitOfWork,
  seedDemoDistrict,
} from '@erp/persistence';
import { Infrastructure } from '@erp/platform';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * The audit projector's batch path on real PostgreSQL: one transaction per batch must give the very entries
 * and hashes that appending one event at a time gives, ignore redeliveries, and keep every incident's chain
 * gapless when two projector instances append overlapping incidents at once.
 */

const causation = {
  actor: { kind: 'system' as const, id: 'dispatcher' },
  correlationId: 'c',
  causationId: null,
};
const OFFICE = 'township-office-511902001';

let at = Date.parse('2026-11-30T08:00:00.000Z');

/** An event as a consumer receives it: built by the one envelope factory, then decoded and validated. */
function decoded(event: DomainEvent): DecodedEvent {
  at += 1_234; // millisecond instants: the timeline reads back to the millisecond
  const { envelope } = envelopeFor(event, causation, new Date(at), new Date(at + 7));
  return decodeEnvelope(JSON.stringify(envelope));
}

/** An incident's life as the audit sees it: classified, two tasks sent, one acknowledged. */
function incidentStory(incidentId: string): DecodedEvent[] {
  const tasks = [randomUUID(), randomUUID()];
  const dispatched = (taskId: string, unitId: string): DomainEvent => ({
    type: 'TaskDispatched',
    payload: {
      taskId,
      incidentId,
      unitId,
      role: 'lead',
      ackDeadlineAt: new Date(at + 300_000).toISOString(),
      escalationStep: 0,
      escalatedFromTaskId: null,
      clauseId: 'c-1',
      planVersion: 'p-1',
      etaSeconds: 600,
    },
  });
  return [
    decoded({
      type: 'IncidentClassified',
      payload: { incidentId, tier: 'T2_GENERAL', level: 'IV', reasons: ['r'], ruleSetVersion: 'v1' },
    }),
    decoded(dispatched(tasks[0], OFFICE)),
    decoded(dispatched(tasks[1], 'unknown-unit')),
    decoded({
      type: 'TaskAcknowledged',
      payload: {
        taskId: tasks[0],
        incidentId,
        unitId: OFFICE,
        acknowledgedAt: new Date(at).toISOString(),
        late: false,
      },
    }),
  ];
}

/** Round robin over the stories: incidents interleave, each keeps its own order (as in a Kafka batch). */
function interleave(stories: DecodedEvent[][]): DecodedEvent[] {
  const out: DecodedEvent[] = [];
  for (let i = 0; stories.some((s) => i < s.length); i++) {
    for (const s of stories) if (i < s.length) out.push(s[i]);
  }
  return out;
}

/** The chain recomputed from the events and the summaries stored, as the single-event projector hashes it. */
function expectedHashes(events: DecodedEvent[], view: TimelineView): string[] {
  let prev = GENESIS_HASH;
  return events
    .filter((e) => e.incidentId === view.incidentId)
    .map((e, i) => {
      const fields: ChainedFields = {
        incidentId: view.incidentId,
        seq: i + 1,
        eventId: e.eventId,
        eventType: e.type,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        actor: e.actor,
        payload: e.payload,
        summary: view.entries[i].summary,
      };
      prev = chainHash(prev, fields);
      return prev;
    });
}

async function readTimeline(ds: DataSource, incidentId: string): Promise<TimelineView> {
  return timelineView(await new PostgresTimelineReadModel(ds).storedTimeline(incidentId));
}

interface Store {
  db: TestDatabase;
  ds: DataSource;
  projector: () => AuditProjector;
}

async function openStore(): Promise<Store> {
  const db = await createTestDatabase('erp_timeline');
  const ds = createDataSource({ url: db.url, poolSize: 6 });
  await ds.initialize();
  await migrate(ds);
  await seedDemoDistrict(ds, {
    sourceId: DEMO_SOURCE_ID,
    sourceKey: 'timeline-source-key',
    password: 'pw-12345678',
  });
  const clock = new ManualClock(new Date('2026-11-30T08:00:00Z'));
  // Each call is another projector instance (its own name cache), as in another process. It is not
  // started: the stream and the infrastructure are only used by onModuleInit.
  const projector = () =>
    new AuditProjector(new PostgresUnitOfWork(ds, clock), clock, {} as EventStream, {} as Infrastructure);
  return { db, ds, projector };
}

async function allEntries(ds: DataSource, incidentIds: string[]): Promise<Record<string, unknown>[]> {
  return ds.query(
    `SELECT incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor, summary, payload,
            prev_hash, hash
       FROM timeline_entries WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, seq`,
    [incidentIds],
  );
}

async function countEntries(ds: DataSource): Promise<number> {
  return (await ds.query('SELECT count(*)::int AS n FROM timeline_entries'))[0].n;
}

describe('timeline projector batches on real PostgreSQL', () => {
  let batched: Store;
  let single: Store;

  beforeAll(async () => {
    [batched, single] = await Promise.all([openStore(), openStore()]);
  }, 60_000);

  afterAll(async () => {
    for (const s of [batched, single]) {
      await s?.ds.destroy();
      await s?.db.drop();
    }
  });

  const incidents = [randomUUID(), randomUUID(), randomUUID()];
  const stories = incidents.map(incidentStory);
  // The first fact of each incident is already in the timeline: the batch continues existing chains.
  const earlier = stories.map((s) => s[0]);
  const batch = interleave(stories.map((s) => s.slice(1)));
  const everything = interleave(stories);

  it('a batch across several incidents gives the same entries and hashes as one event at a time', async () => {
    for (const store of [batched, single]) {
      const projector = store.projector();
      for (const e of earlier) await projector.append(e);
    }
    await batched.projector().appendAll(batch);
    const one = single.projector();
    for (const e of batch) await one.append(e);

    const rows = await allEntries(batched.ds, incidents);
    expect(rows).toHaveLength(everything.length);
    expect(rows).toEqual(await allEntries(single.ds, incidents));

    for (const incidentId of incidents) {
      const view = await readTimeline(batched.ds, incidentId);
      expect(view.chainIntact).toBe(true);
      expect(view.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(view.entries.map((e) => e.hash)).toEqual(expectedHashes(everything, view));
      expect(view.entries.map((e) => e.eventId)).toEqual(
        everything.filter((e) => e.incidentId === incidentId).map((e) => e.eventId),
      );
      expect(view.entries[1].summary).toContain(`（${OFFICE}）`); // the unit named from the structure
    }
  });

  it('redelivering a batch adds nothing; only its new events are appended, each once', async () => {
    const before = await allEntries(batched.ds, incidents);
    await batched.projector().appendAll(batch);
    await batched.projector().appendAll([...everything].reverse());
    expect(await allEntries(batched.ds, incidents)).toEqual(before);

    // Old and new together, a new event twice, and an event outside any incident (skipped, as ever).
    const incidentId = incidents[0];
    const fresh = decoded({
      type: 'IncidentClassified',
      payload: { incidentId, tier: 'T3_MAJOR', level: 'II', reasons: ['r'], ruleSetVersion: 'v1' },
    });
    const stray = { ...fresh, eventId: randomUUID(), incidentId: null };
    await batched.projector().appendAll([batch[0], fresh, stray, fresh, batch[1]]);
    const view = await readTimeline(batched.ds, incidentId);
    expect(view.chainIntact).toBe(true);
    expect(view.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(view.entries[4].eventId).toBe(fresh.eventId);
    expect(await countEntries(batched.ds)).toBe(before.length + 1);
  });

  it('two instances appending overlapping incidents at once keep each chain gapless and intact', async () => {
    const shared = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const all = new Map<string, DecodedEvent[]>(shared.map((id) => [id, []]));
    const a = { projector: batched.projector(), incidents: shared.slice(0, 4) };
    const b = { projector: batched.projector(), incidents: shared.slice(1).reverse() };
    for (let round = 0; round < 8; round++) {
      const batchFor = (side: typeof a) =>
        interleave(
          side.incidents.map((id) => {
            const story = incidentStory(id);
            all.get(id)!.push(...story);
            return story;
          }),
        );
      const [forA, forB] = [batchFor(a), batchFor(b)];
      // Every other round, a few events are delivered to both (a rebalance hands a partition over mid-batch):
      // applied once. Those rounds serialise on the inbox; the others contend on the incident locks alone.
      const overlap = round % 2 ? forA.slice(0, 3) : [];
      await Promise.all([a.projector.appendAll(forA), b.projector.appendAll([...overlap, ...forB])]);
    }
    for (const [incidentId, events] of all) {
      const view = await readTimeline(batched.ds, incidentId);
      expect(view.chainIntact).toBe(true);
      expect(view.entries.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(new Set(view.entries.map((e) => e.eventId))).toEqual(new Set(events.map((e) => e.eventId)));
    }
  }, 30_000);
});
