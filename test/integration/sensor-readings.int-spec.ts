import 'reflect-metadata';
import { CommandModule } from '@erp/command';
import { DeadLetter, Topics } from '@erp/contracts';
import { StreamRecord } from '@erp/event-stream';
import { RunningService } from '@erp/platform';
import { Client } from 'pg';
import { ALARM_PATH, startTestService } from '../support/product';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { call, login } from '../support/http';

/**
 * Monitoring readings on real PostgreSQL: sensors registered by the commander; a batch over HTTP and
 * records on the readings topic checked against thresholds; one SensorThresholdExceeded per reading over
 * its threshold (a repeat raises nothing); bad and unknown readings dead-lettered with the reason. (The
 * warnings those raise: sensor-warnings.int-spec.ts; here the points are unregistered, so none is.)
 */
const KEY = 'readings-source-key-01';
const PASSWORD = 'readings-password';

describe('monitoring readings: thresholds, exceedances, dead letters', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  let commander: string;
  let pg: Client;
  const letters: DeadLetter[] = [];
  /** The sensor warnings' refusals, apart: an exceedance at a hazard point nobody registered. */
  const warningLetters: DeadLetter[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('erp_readings');
    app = await startTestService(
      'readings',
      { DATABASE_URL: db.url, DEMO_SOURCE_KEY: KEY, DEMO_PASSWORD: PASSWORD },
      [...ALARM_PATH, CommandModule],
    );
    url = app.url;
    commander = await login(url, 'commander', PASSWORD);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await app.infra.stream.subscribe(
      'test-dead-letters',
      [Topics.deadLetter],
      async (records: StreamRecord[]) => {
        for (const r of records) {
          const letter = JSON.parse(r.value) as DeadLetter;
          (letter.group === 'readings-intake' ? letters : warningLetters).push(letter);
        }
      },
    );
  }, 90_000);

  afterAll(async () => {
    await pg?.end();
    await app?.stop();
    await db?.drop();
  });

  const put = (id: string, body: unknown, token = commander) =>
    call(url, 'PUT', `/api/v1/sensors/${id}`, { body, token });
  const send = (readings: unknown[]) =>
    call(url, 'POST', '/api/v1/readings', { body: { readings }, apiKey: KEY });
  const exceedances = async () =>
    (
      await pg.query(
        `SELECT envelope->'payload' AS p FROM event_log WHERE event_type = 'SensorThresholdExceeded' ORDER BY id`,
      )
    ).rows.map((r) => r.p);

  it('registers sensors (the commander), refusing bad ones whole', async () => {
    expect(
      (
        await put('rain-hp01', {
          kind: 'rain_gauge',
          hazardPointId: 'HP-01',
          threshold: 50,
          name: '1号雨量计',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await put('crack-hp01', {
          kind: 'crack_gauge',
          hazardPointId: 'HP-01',
          threshold: 20,
          name: '1号裂缝计',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await put('level-hp02', {
          kind: 'water_level',
          hazardPointId: 'HP-02',
          threshold: 3.5,
          name: '2号水位计',
        })
      ).status,
    ).toBe(200);
    const bad = await put('x', { kind: 'radar', hazardPointId: '', threshold: 'high' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { pointer: string }) => f.pointer)).toEqual([
      '/kind',
      '/hazardPointId',
      '/name',
      '/threshold',
    ]);
    const officer = await login(url, 'duty-511902001', PASSWORD);
    expect(
      (
        await put(
          'rain-hp09',
          { kind: 'rain_gauge', hazardPointId: 'HP-09', threshold: 50, name: 'x' },
          officer,
        )
      ).status,
    ).toBe(403);
    const list = await call(url, 'GET', '/api/v1/sensors', { token: officer });
    const ours = list.body.sensors.filter((s: { hazardPointId: string }) =>
      s.hazardPointId.startsWith('HP-'),
    );
    expect(ours.map((s: { id: string; unit: string }) => `${s.id} ${s.unit}`)).toEqual([
      'crack-hp01 mm',
      'level-hp02 m',
      'rain-hp01 mm/h',
    ]);
    // The demo seed's sample sensors (fictional) sit at the sample hazard points.
    expect(list.body.sensors.length).toBeGreaterThan(3);
  });

  it('takes a batch: each reading accepted, a duplicate, or refused with its reason and dead-lettered', async () => {
    // One instant for the batch: the 8th reading must repeat the 2nd to the millisecond to be a duplicate.
    const now = Date.now();
    const t = (m: number) => new Date(now - m * 60_000).toISOString();
    const r = await send([
      { sensorId: 'rain-hp01', value: 12.5, unit: 'mm/h', measuredAt: t(3) },
      { sensorId: 'rain-hp01', value: 61, measuredAt: t(2) },
      { sensorId: 'level-hp02', value: 3.8, unit: 'm', measuredAt: t(2) },
      { sensorId: 'crack-hp01', value: 5, unit: 'mm/h', measuredAt: t(2) },
      { sensorId: 'nobody-knows', value: 1, measuredAt: t(2) },
      { sensorId: 'rain-hp01', measuredAt: t(1) },
      { sensorId: 'rain-hp01', value: 9999, measuredAt: t(1) },
      { sensorId: 'rain-hp01', value: 61, measuredAt: t(2) },
      { sensorId: 'rain-hp01', value: 1, measuredAt: '3026-01-01T00:00:00Z' },
    ]);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ accepted: 3, duplicates: 1, refused: 5, exceeded: 2 });
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'refused',
      'refused',
      'refused',
      'refused',
      'duplicate',
      'refused',
    ]);
    expect(r.body.results[3].reason).toContain('mm/h');
    expect(r.body.results[4].reason).toContain('unknown sensor nobody-knows');
    expect(r.body.results[5].reason).toContain('/readings/5/value');
    expect(r.body.results[6].reason).toContain('outside');
    expect(r.body.results[8].reason).toContain('/measuredAt');

    await eventually(async () => {
      const raised = await exceedances();
      expect(raised).toHaveLength(2);
      expect(raised).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            sensorId: 'rain-hp01',
            hazardPointId: 'HP-01',
            value: 61,
            threshold: 50,
            unit: 'mm/h',
          }),
          expect.objectContaining({
            sensorId: 'level-hp02',
            hazardPointId: 'HP-02',
            value: 3.8,
            kind: 'water_level',
          }),
        ]),
      );
    });
    await eventually(async () => expect(letters).toHaveLength(5));
    expect(letters.map((l) => l.reason).sort()).toEqual(
      r.body.results
        .filter((x: { status: string }) => x.status === 'refused')
        .map((x: { reason: string }) => x.reason)
        .sort(),
    );
    expect(
      letters.every((l) => l.group === 'readings-intake' && l.originalTopic === 'POST /api/v1/readings'),
    ).toBe(true);
    // HP-01 and HP-02 are no registered hazard points: their exceedances can raise no warning.
    await eventually(async () => expect(warningLetters).toHaveLength(2));
    expect(warningLetters.map((l) => l.reason).sort()).toEqual([
      expect.stringContaining('SENSOR_WARNING.UNKNOWN_HAZARD_POINT'),
      expect.stringContaining('SENSOR_WARNING.UNKNOWN_HAZARD_POINT'),
    ]);
    expect(warningLetters.map((l) => l.originalKey).sort()).toEqual(['HP-01', 'HP-02']);
    const unknown = letters.find((l) => l.originalKey === 'nobody-knows')!;
    expect(JSON.parse(unknown.originalValue)).toMatchObject({
      sensorId: 'nobody-knows',
      source: 'demo-source',
    });

    // Sent again, the same readings store and raise nothing more.
    const again = await send([
      {
        sensorId: 'rain-hp01',
        value: 61,
        measuredAt: (await pg.query(`SELECT measured_at FROM sensor_readings WHERE value = 61`)).rows[0]
          .measured_at,
      },
    ]);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    await new Promise((res) => setTimeout(res, 300));
    expect(await exceedances()).toHaveLength(2);
    const stored = await pg.query(
      `SELECT sensor_id, value, exceeded, source FROM sensor_readings ORDER BY sensor_id, measured_at`,
    );
    expect(stored.rows).toEqual([
      { sensor_id: 'level-hp02', value: 3.8, exceeded: true, source: 'demo-source' },
      { sensor_id: 'rain-hp01', value: 12.5, exceeded: false, source: 'demo-source' },
      { sensor_id: 'rain-hp01', value: 61, exceeded: true, source: 'demo-source' },
    ]);
  });

  it('refuses a request that is not a batch with 400 and stores nothing, and an unknown key with 401', async () => {
    for (const body of [{}, { readings: [] }, { readings: 'x' }, { readings: [], extra: 1 }, [1]]) {
      const r = await call(url, 'POST', '/api/v1/readings', { body, apiKey: KEY });
      expect(r.status).toBe(400);
    }
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({
      sensorId: 'rain-hp01',
      value: 1,
      measuredAt: new Date(Date.now() - i * 1000).toISOString(),
    }));
    expect((await send(tooMany)).status).toBe(400);
    expect(
      (await call(url, 'POST', '/api/v1/readings', { body: { readings: [] }, apiKey: 'wrong-key-000000' }))
        .status,
    ).toBe(401);
    expect((await pg.query(`SELECT count(*)::int AS n FROM sensor_readings`)).rows[0].n).toBe(3);
  });

  it('takes readings from the topic, dead-lettering what is not a reading or comes from an unknown source', async () => {
    const measuredAt = new Date(Date.now() - 30_000).toISOString();
    letters.length = 0;
    await app.infra.stream.publish([
      {
        topic: Topics.sensorReadings,
        key: 'crack-hp01',
        value: JSON.stringify({
          source: 'demo-source',
          sensorId: 'crack-hp01',
          value: 25.5,
          unit: 'mm',
          measuredAt,
        }),
      },
      { topic: Topics.sensorReadings, key: 'crack-hp01', value: '{not json' },
      {
        topic: Topics.sensorReadings,
        key: 'crack-hp01',
        value: JSON.stringify({ source: 'stranger', sensorId: 'crack-hp01', value: 1, measuredAt }),
      },
      {
        topic: Topics.sensorReadings,
        key: 'crack-hp01',
        value: JSON.stringify({ source: 'demo\u0000source', sensorId: 'crack-hp01', value: 1, measuredAt }),
      },
      {
        topic: Topics.sensorReadings,
        key: 'rain-x',
        value: JSON.stringify({ source: 'demo-source', sensorId: 'rain-x', value: 1, measuredAt }),
      },
    ]);
    await eventually(async () => {
      expect((await exceedances()).map((p) => p.sensorId)).toContain('crack-hp01');
      expect(letters).toHaveLength(4);
    });
    expect(letters.map((l) => l.reason)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not JSON'),
        expect.stringContaining('unknown source stranger'),
        expect.stringContaining('unknown sensor rain-x'),
        expect.stringContaining('/source'),
      ]),
    );
  });
});
