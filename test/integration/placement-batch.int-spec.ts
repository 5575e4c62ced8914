import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig } from '@erp/config';
import { decodeEnvelope, Envelope, EventPayload } from '@erp/contracts';
import {
  AlarmReport,
  BAZHOU,
  CurrentDistrict,
  DomainError,
  HazardRegisterCache,
  ManualClock,
} from '@erp/domain';
import { AlarmAdmission } from '@erp/intake';
import { OpenIncidentCommand } from '../../libs/dispatch/src/open-incident/open-incident.command';
import { OpenIncidentHandler } from '../../libs/dispatch/src/open-incident/open-incident.handler';
import { StoresOn } from '@erp/persistence';
import { CountingUnitOfWork, migratedDatabase } from '../support/database';
import { uniqueSuffix } from '../support/services';

/**
 * The dispatcher places a batch of alarms (one partition's run) in one transaction, on real PostgreSQL:
 * each alarm sees the incidents the earlier ones opened, concurrent batches never open two incidents for
 * one event, a redelivered batch changes nothing, and a failing batch leaves nothing behind.
 */
const NOW = new Date('2026-11-30T08:00:00Z');
const CONFIG = { correlationRadiusMetres: 1500, correlationWindowMinutes: 120 } as AppConfig;
type AlarmReceived = Envelope<EventPayload<'AlarmReceived'>>;

describe('placing a batch of alarms into incidents, on real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let uow: CountingUnitOfWork;
  let admission: AlarmAdmission;
  let handler: OpenIncidentHandler;

  beforeAll(async () => {
    ({ ds, close } = await migratedDatabase());
    const clock = new ManualClock(NOW);
    uow = new CountingUnitOfWork(ds, clock);
    // One register for both, as the app has.
    const hazards = new HazardRegisterCache(new StoresOn(ds.manager).hazardPoints, BAZHOU);
    const district = new CurrentDistrict(() => new StoresOn(ds.manager).units.townshipPoints(), BAZHOU);
    admission = new AlarmAdmission(uow, clock, hazards, district);
    handler = new OpenIncidentHandler(uow, clock, CONFIG, hazards, district);
  });

  afterAll(() => close());

  /** Stores the alarms as intake does and returns their AlarmReceived events, as the stream carries them. */
  async function receive(reports: Partial<AlarmReport>[]): Promise<AlarmReceived[]> {
    const run = uniqueSuffix();
    const receipts = await Promise.all(
      reports.map((r, i) =>
        admission.admit(
          {
            source: 'test-sensor',
            externalId: `${run}-${i}`,
            type: 'fire',
            occurredAt: new Date('2026-11-30T07:58:00Z'),
            description: '测试告警 test alarm',
            ...r,
          } as AlarmReport,
          `req-${run}-${i}`,
        ),
      ),
    );
    const rows: { envelope: object }[] = await ds.query(
      `SELECT envelope FROM outbox WHERE envelope->>'type' = 'AlarmReceived'
          AND envelope->'payload'->>'alarmId' = ANY($1::text[])`,
      [receipts.map((r) => r.alarmId)],
    );
    const byAlarm = new Map(
      rows.map((r) => {
        const event = decodeEnvelope(JSON.stringify(r.envelope)) as AlarmReceived;
        return [event.payload.alarmId, event];
      }),
    );
    return receipts.map((r) => byAlarm.get(r.alarmId)!);
  }

  const incidentsOf = async (events: AlarmReceived[]): Promise<(string | null)[]> => {
    const rows: { id: string; incident_id: string | null }[] = await ds.query(
      `SELECT id, incident_id FROM alarms WHERE id = ANY($1::uuid[])`,
      [events.map((e) => e.payload.alarmId)],
    );
    const byId = new Map(rows.map((r) => [r.id, r.incident_id]));
    return events.map((e) => byId.get(e.payload.alarmId) ?? null);
  };

  const place = async (events: AlarmReceived[]) => {
    const before = uow.transactions;
    await handler.execute(new OpenIncidentCommand(events));
    return uow.transactions - before;
  };

  it('places a whole batch in one transaction; later alarms join the incidents earlier ones opened', async () => {
    const a = { lat: 31.7581, lon: 106.9182 }; // 曾口镇
    const b = { lat: 31.624, lon: 106.808 }; // 三江镇
    const events = await receive([
      ...Array.from({ length: 10 }, (_, i) => ({ location: { lat: a.lat + i * 0.0005, lon: a.lon } })),
      ...Array.from({ length: 10 }, (_, i) => ({
        type: 'flood',
        location: { lat: b.lat, lon: b.lon + i * 0.0005 },
      })),
      // Far apart from each other (≥ 5 km): one incident each.
      ...Array.from({ length: 5 }, (_, i) => ({ location: { lat: 31.78 + i * 0.05, lon: 106.75 } })),
    ]);
    expect(await place(events)).toBe(1);
    const incidents = await incidentsOf(events);
    expect(incidents.every((id) => id !== null)).toBe(true);
    expect(new Set(incidents.slice(0, 10)).size).toBe(1);
    expect(new Set(incidents.slice(10, 20)).size).toBe(1);
    expect(new Set(incidents).size).toBe(7);
    const [counts] = await ds.query(
      `SELECT count(*) FILTER (WHERE envelope->>'type' = 'IncidentOpened')::int AS opened,
              count(*) FILTER (WHERE envelope->>'type' = 'IncidentClassified')::int AS classified,
              count(*) FILTER (WHERE envelope->>'type' = 'AlarmJoinedIncident')::int AS joined
         FROM outbox WHERE envelope->>'incidentId' = ANY($1::text[])`,
      [[...new Set(incidents)]],
    );
    expect(counts).toEqual({ opened: 7, classified: 7, joined: 18 });
    const [incident] = await ds.query(`SELECT status, last_alarm_at FROM incidents WHERE id = $1`, [
      incidents[0],
    ]);
    expect(incident.status).toBe('open');

    // Delivered again, whole or in part: nothing changes.
    await place(events);
    await place(events.slice(3, 9));
    const [again] = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE envelope->>'incidentId' = ANY($1::text[])`,
      [[...new Set(incidents)]],
    );
    expect(again.n).toBe(7 + 7 + 18);
  });

  it('two concurrent batches about one event open exactly one incident', async () => {
    const place0 = { lat: 31.79, lon: 106.7 };
    const events = await receive(
      Array.from({ length: 40 }, (_, i) => ({
        type: i % 2 ? 'fire' : 'gas_leak', // compatible: one event
        location: { lat: place0.lat + (i % 7) * 0.0007, lon: place0.lon - (i % 5) * 0.0007 },
      })),
    );
    // Interleaved halves, as two partitions would carry them.
    await Promise.all([
      place(events.filter((_, i) => i % 2 === 0)),
      place(events.filter((_, i) => i % 2 === 1)),
    ]);
    expect(new Set(await incidentsOf(events)).size).toBe(1);
  });

  it('an amendment in the same batch as its original joins the incident the original opened', async () => {
    const [original] = await receive([{ townshipCode: '511902101', location: undefined }]);
    const [amendment] = await receive([
      {
        townshipCode: '511902101',
        location: undefined,
        relation: { kind: 'amends', alarmId: original.payload.alarmId },
      },
    ]);
    expect(await place([original, amendment])).toBe(1);
    const [first, second] = await incidentsOf([original, amendment]);
    expect(first).not.toBeNull();
    expect(second).toBe(first);
  });

  it('a batch naming an unknown alarm fails whole and leaves nothing behind', async () => {
    const events = await receive([{ location: { lat: 31.9, lon: 106.9 } }]);
    const forged = {
      ...events[0],
      eventId: crypto.randomUUID(),
      payload: { ...events[0].payload, alarmId: crypto.randomUUID() },
    };
    await expect(place([events[0], forged])).rejects.toThrow(DomainError);
    expect(await incidentsOf(events)).toEqual([null]);
    const [inbox] = await ds.query(
      `SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])`,
      [[events[0].eventId, forged.eventId]],
    );
    expect(inbox.n).toBe(0);
    // Alone, the genuine one is placed.
    await place(events);
    expect((await incidentsOf(events))[0]).not.toBeNull();
  });

  it('fails, to be retried, when an incident it matched changed between its read and its lock', async () => {
    const here = { lat: 31.7, lon: 106.85 }; // 梁永镇
    const [first] = await receive([{ location: here }]);
    await place([first]);
    const [incidentId] = await incidentsOf([first]);
    const [near] = await receive([{ location: { lat: here.lat + 0.001, lon: here.lon } }]);

    // A duty officer's transaction holds the incident while the batch decides; it then cancels it.
    const officer = ds.createQueryRunner();
    await officer.connect();
    await officer.startTransaction();
    await officer.query(`SELECT id FROM incidents WHERE id = $1 FOR UPDATE`, [incidentId]);
    // The expectation is attached at once: the batch fails as soon as the officer commits, maybe before
    // the officer's connection is released.
    const placing = expect(place([near])).rejects.toThrow(/changed while alarms were placed/);
    await eventuallyWaiting(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND query LIKE '%FOR UPDATE%'`,
    );
    await officer.query(`UPDATE incidents SET status = 'cancelled' WHERE id = $1`, [incidentId]);
    await officer.commitTransaction();
    await officer.release();
    await placing;
    expect(await incidentsOf([near])).toEqual([null]);

    // Tried again, it sees the incident cancelled and opens a new one.
    await place([near]);
    const [again] = await incidentsOf([near]);
    expect(again).not.toBeNull();
    expect(again).not.toBe(incidentId);
  });

  /** Waits until a query answers a row (another session is blocked, say). */
  async function eventuallyWaiting(sql: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if ((await ds.query(sql)).length) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`never true: ${sql}`);
  }
});
