import { Pool, PoolClient } from 'pg';
import { benchAlarm } from './alarm-load';
import { Distribution, distribution } from './distribution';
import { perSecond } from './figures-format';
import { progress } from './terminal';
import { wallNow } from './wall-clock';

export interface PostgresCeiling {
  clients: number;
  seconds: number;
  singleInsert: { count: number; perSecond: number; latency: Distribution };
  intakeShaped: { count: number; perSecond: number; latency: Distribution };
}

const CLIENTS = 8;

/**
 * What PostgreSQL manages on this machine with no app in the way, `seconds` each with eight clients, in
 * tables shaped like the alarms and the outbox: (1) single-row INSERTs, one per transaction; (2) the
 * intake's transaction (look up the external id, insert the alarm and its outbox row, commit).
 */
export async function measurePostgresCeiling(
  databaseUrl: string,
  runId: string,
  seconds: number,
): Promise<PostgresCeiling> {
  const pool = new Pool({ connectionString: databaseUrl, max: CLIENTS, application_name: 'bench-raw' });
  try {
    await pool.query(`CREATE TABLE bench_raw_alarms (id uuid PRIMARY KEY, source text NOT NULL,
      external_id text NOT NULL, type text NOT NULL, occurred_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL, township_code text, lat double precision, lon double precision,
      description text NOT NULL, status text NOT NULL, facts jsonb NOT NULL DEFAULT '{}')`);
    await pool.query(`CREATE UNIQUE INDEX ON bench_raw_alarms (source, external_id)`);
    await pool.query(`CREATE TABLE bench_raw_outbox (id bigserial PRIMARY KEY, event_id uuid UNIQUE NOT NULL,
      topic text NOT NULL, partition_key text NOT NULL, envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz)`);
    let sequence = 0;
    const nextAlarm = () => {
      const i = sequence++;
      const { body } = benchAlarm(runId, i);
      return { i, body, location: body.location as { lat: number; lon: number } };
    };
    const insertAlarm = (client: Pool | PoolClient, alarm: ReturnType<typeof nextAlarm>, prefix: string) =>
      client.query(
        `INSERT INTO bench_raw_alarms (id, source, external_id, type, occurred_at, received_at, township_code,
           lat, lon, description, status, facts)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, now(), '511902001', $5, $6, $7, 'received', $8)
         ON CONFLICT DO NOTHING`,
        [
          'demo-source',
          `${prefix}-${alarm.i}`,
          alarm.body.type,
          alarm.body.occurredAt,
          alarm.location.lat,
          alarm.location.lon,
          alarm.body.description,
          JSON.stringify({ casualties: {} }),
        ],
      );
    const timed = async (work: () => Promise<void>) => {
      const latencies: number[] = [];
      let count = 0;
      const start = wallNow();
      const deadline = start + seconds * 1000;
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          while (wallNow() < deadline) {
            const began = wallNow();
            await work();
            latencies.push(wallNow() - began);
            count++;
          }
        }),
      );
      return {
        count,
        perSecond: perSecond(count, (wallNow() - start) / 1000),
        latency: distribution(latencies),
      };
    };

    const singleInsert = await timed(async () => {
      await insertAlarm(pool, nextAlarm(), 'single');
    });
    progress(`raw postgres single-row inserts: ${singleInsert.perSecond.toFixed(0)}/s`);
    const intakeShaped = await timed(async () => {
      const client = await pool.connect();
      try {
        const alarm = nextAlarm();
        await client.query('BEGIN');
        await client.query('SELECT id FROM bench_raw_alarms WHERE source = $1 AND external_id = $2', [
          'demo-source',
          `shaped-${alarm.i}`,
        ]);
        await insertAlarm(client, alarm, 'shaped');
        await client.query(
          `INSERT INTO bench_raw_outbox (event_id, topic, partition_key, envelope) VALUES (gen_random_uuid(), $1, $2, $3)`,
          [
            'erp.alarms.v1',
            `shaped-${alarm.i}`,
            JSON.stringify({ type: 'AlarmReceived', payload: alarm.body }),
          ],
        );
        await client.query('COMMIT');
      } finally {
        client.release();
      }
    });
    progress(`raw postgres intake-shaped transactions: ${intakeShaped.perSecond.toFixed(0)}/s`);
    return { clients: CLIENTS, seconds, singleInsert, intakeShaped };
  } finally {
    await pool.end().catch(() => undefined);
  }
}
