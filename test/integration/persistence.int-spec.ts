import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DomainEvent } from '@erp/contracts';
import { ManualClock, UnitOfWork } from '@erp/domain';
import { eachRecord, InProcessEventStream, StreamRecord } from '@erp/event-stream';
import {
  migrate,
  MIGRATIONS,
  OutboxRelay,
  pendingSchemaChanges,
  PostgresUnitOfWork,
  preparedQuery,
} from '@erp/persistence';
import { migratedDatabase } from '../support/database';
import { eventually } from '../support/services';

const quiet = { log: () => undefined, error: () => undefined };

function alarmReceived(alarmId = randomUUID()): Extract<DomainEvent, { type: 'AlarmReceived' }> {
  const at = new Date().toISOString();
  return {
    type: 'AlarmReceived',
    payload: {
      alarmId,
      source: 'test',
      externalId: alarmId,
      type: 'fire',
      occurredAt: at,
      receivedAt: at,
      townshipCode: '511902001',
      location: null,
      description: 'x',
    },
  };
}

const causation = { actor: { kind: 'system' as const, id: 'test' }, correlationId: 'c', causationId: null };

describe('persistence on real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let uow: UnitOfWork;

  beforeAll(async () => {
    ({ ds, close } = await migratedDatabase());
    uow = new PostgresUnitOfWork(ds, new ManualClock(new Date('2026-11-30T08:00:00Z')));
  });

  afterAll(() => close());

  it('migrations and entities agree (no pending schema change)', async () => {
    expect(await pendingSchemaChanges(ds)).toEqual([]);
  });

  it('migrating twice, concurrently, is safe', async () => {
    await Promise.all([migrate(ds), migrate(ds)]);
    const rows = await ds.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });

  it("prepared statements are planned for each call's values, never from a cached generic plan", async () => {
    const [{ plan_cache_mode }] = await preparedQuery<{ plan_cache_mode: string }>(
      ds.manager,
      'SHOW plan_cache_mode',
    );
    expect(plan_cache_mode).toBe('force_custom_plan');
    // The same text twice on one connection: prepared once, run again by name.
    const twice = await ds.transaction(async (manager) => [
      await preparedQuery<{ n: number }>(manager, 'SELECT $1::int + 1 AS n', [1]),
      await preparedQuery<{ n: number }>(manager, 'SELECT $1::int + 1 AS n', [41]),
    ]);
    expect(twice.map(([r]) => r.n)).toEqual([2, 42]);
  });

  it('records events in the outbox only when the transaction commits', async () => {
    const committed = alarmReceived();
    await uow.run((tx) => tx.record([committed], causation));
    await expect(
      uow.run(async (tx) => {
        await tx.record([alarmReceived()], causation);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const rows = await ds.query(`SELECT partition_key, envelope FROM outbox`);
    expect(rows).toHaveLength(1);
    // Keyed by township (属地): a township's alarms keep their order on one partition.
    expect(rows[0].partition_key).toBe(committed.payload.townshipCode);
    expect(rows[0].envelope).toMatchObject({
      type: 'AlarmReceived',
      version: 1,
      key: committed.payload.townshipCode,
      incidentId: null,
      recordedAt: '2026-11-30T08:00:00.000Z',
      actor: { kind: 'system', id: 'test' },
    });
  });

  it('the inbox lets an event id through once per consumer, even when delivered concurrently', async () => {
    const eventId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => uow.run((tx) => tx.firstDelivery('dispatcher', eventId))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await uow.run((tx) => tx.firstDelivery('audit', eventId))).toBe(true);
  });

  it('the relay publishes one key in outbox order, marks rows published, and retries after a failed publish', async () => {
    await ds.query('DELETE FROM outbox');
    const stream = new InProcessEventStream();
    await stream.start();
    const seen: StreamRecord[] = [];
    let failNext = true;
    await stream.subscribe(
      'probe',
      ['erp.alarms.v1'],
      eachRecord(async (r) => {
        if (failNext) {
          failNext = false;
          throw new Error('consumer down');
        }
        seen.push(r);
      }),
    );
    // One alarm id, so one partition key: these must arrive in the order they were recorded.
    const alarmId = randomUUID();
    const events = Array.from({ length: 3 }, () => alarmReceived(alarmId));
    await uow.run((tx) => tx.record(events, causation));
    const relay = new OutboxRelay(ds, stream, quiet, 50);
    try {
      await expect(relay.relayOnce()).rejects.toThrow('consumer down');
      expect((await ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0].n).toBe(
        3,
      );
      const ids: string[] = (await ds.query('SELECT event_id FROM outbox ORDER BY id')).map(
        (r: { event_id: string }) => r.event_id,
      );
      await relay.start();
      await eventually(() => expect(seen).toHaveLength(3));
      expect(seen.map((r) => JSON.parse(r.value).eventId)).toEqual(ids);
      await eventually(async () =>
        expect(
          (await ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0].n,
        ).toBe(0),
      );
    } finally {
      await relay.stop();
    }
    // A commit in this process nudges the relay well before a long poll would.
    const slow = new OutboxRelay(ds, stream, quiet, 60_000);
    const nudging = new PostgresUnitOfWork(ds, new ManualClock(new Date()), undefined, () => slow.nudge());
    await slow.start();
    try {
      await new Promise((r) => setTimeout(r, 100)); // let its first pass find nothing and go to sleep
      await nudging.run((tx) => tx.record([alarmReceived()], causation));
      await eventually(() => expect(seen).toHaveLength(4), 2_000);
    } finally {
      await slow.stop();
      await stream.stop();
    }
  });

  it("tells its listeners of each commit's events at once, and of nothing rolled back", async () => {
    const heard: { topic: string; envelope: any }[][] = [];
    const listening = new PostgresUnitOfWork(ds, new ManualClock(new Date()), undefined, (events) =>
      heard.push([...events]),
    );
    const first = alarmReceived();
    await listening.run((tx) => tx.record([first, alarmReceived()], causation));
    await expect(
      listening.run(async (tx) => {
        await tx.record([alarmReceived()], causation);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await listening.run(async () => undefined); // no events: no call
    expect(heard).toHaveLength(1);
    expect(heard[0].map((e) => e.topic)).toEqual(['erp.alarms.v1', 'erp.alarms.v1']);
    expect(heard[0][0].envelope).toMatchObject({ type: 'AlarmReceived', payload: first.payload });
  });

  it('two relays never publish the same row', async () => {
    await ds.query('DELETE FROM outbox');
    const stream = new InProcessEventStream();
    await stream.start();
    const ids: string[] = [];
    await stream.subscribe(
      'probe',
      ['erp.alarms.v1'],
      eachRecord(async (r) => {
        ids.push(JSON.parse(r.value).eventId);
        await new Promise((res) => setTimeout(res, 2));
      }),
    );
    await uow.run((tx) =>
      tx.record(
        Array.from({ length: 40 }, () => alarmReceived()),
        causation,
      ),
    );
    const a = new OutboxRelay(ds, stream, quiet, 20, 7);
    const b = new OutboxRelay(ds, stream, quiet, 20, 7);
    await Promise.all([a.start(), b.start()]);
    await eventually(() => expect(ids).toHaveLength(40));
    await new Promise((r) => setTimeout(r, 200));
    await Promise.all([a.stop(), b.stop()]);
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);
    await stream.stop();
  });

  it('while another relay holds the turn, a relay retries soon only for rows of its own', async () => {
    await ds.query('DELETE FROM outbox');
    const stream = new InProcessEventStream();
    await stream.start();
    /** Counts its passes. */
    class CountingRelay extends OutboxRelay {
      passes = 0;
      override relayOnce(): Promise<number> {
        this.passes++;
        return super.relayOnce();
      }
    }
    // The lock every relay takes for its turn (RELAY_LOCK_KEY), held by "another process".
    const holder = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT pg_advisory_xact_lock($1)', [0x65727002]);
    const relay = new CountingRelay(ds, stream, quiet, 1_000);
    try {
      await relay.start();
      await new Promise((r) => setTimeout(r, 400));
      expect(relay.passes).toBeLessThanOrEqual(2); // its first pass, perhaps one poll: no 20 ms retries
      relay.nudge(); // a commit of its own
      const before = relay.passes;
      await new Promise((r) => setTimeout(r, 400));
      expect(relay.passes - before).toBeGreaterThanOrEqual(5);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
      await relay.stop();
      await stream.stop();
    }
  });

  it('the audit timeline is append-only in the database itself', async () => {
    const incidentId = randomUUID();
    await ds.query(
      `INSERT INTO timeline_entries (incident_id, seq, event_id, event_type, occurred_at, recorded_at, actor, summary, payload, prev_hash, hash)
       VALUES ($1, 1, $2, 'IncidentOpened', now(), now(), '{}', 's', '{}', 'p', 'h')`,
      [incidentId, randomUUID()],
    );
    await expect(
      ds.query(`UPDATE timeline_entries SET summary = 'forged' WHERE incident_id = $1`, [incidentId]),
    ).rejects.toThrow(/append-only/);
    await expect(
      ds.query(`DELETE FROM timeline_entries WHERE incident_id = $1`, [incidentId]),
    ).rejects.toThrow(/append-only/);
  });
});
