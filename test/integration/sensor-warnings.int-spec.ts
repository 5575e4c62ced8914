import 'reflect-metadata';
import { BAZHOU_HAZARD_SEED } from '@erp/domain';
import { RunningService } from '@erp/platform';
import { Client } from 'pg';
import { startTestService } from '../support/product';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { call, login } from '../support/http';

/**
 * 监测预警 on real PostgreSQL: a reading over its sensor's threshold at a hazard point raises a warning
 * that tasks that point's responsible persons, and only them; a later, higher one, or one of the point's
 * other sensors, amends that warning (red adds evacuation) rather than opening a second; a reading under
 * the threshold raises nothing.
 * The demo seed's sample sensors are used: `rain-<point>` at each geological point, threshold 30 mm/h.
 */
const KEY = 'sensor-warnings-key-01';
const PASSWORD = 'sensor-warnings-password';
const POINT = BAZHOU_HAZARD_SEED.find((p) => p.id === 'HZ-511902101-01')!;
const SENSOR = `rain-${POINT.id}`;

describe('sensor over threshold raises a warning (监测预警)', () => {
  let db: TestDatabase;
  let app: RunningService;
  let commander: string;
  let pg: Client;

  beforeAll(async () => {
    db = await createTestDatabase('erp_sensor_warnings');
    app = await startTestService('sensor-warnings', {
      DATABASE_URL: db.url,
      DEMO_SOURCE_KEY: KEY,
      DEMO_PASSWORD: PASSWORD,
    });
    commander = await login(app.url, 'commander', PASSWORD);
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  }, 90_000);

  afterAll(async () => {
    await pg?.end();
    await app?.stop();
    await db?.drop();
  });

  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const send = (value: number, measuredAt: string) =>
    call(app.url, 'POST', '/api/v1/readings', {
      body: { readings: [{ sensorId: SENSOR, value, unit: 'mm/h', measuredAt }] },
      apiKey: KEY,
    });
  const active = async () =>
    (await call(app.url, 'GET', '/api/v1/warnings?active=true', { token: commander })).body.items as any[];
  const detail = async (id: string) =>
    (await call(app.url, 'GET', `/api/v1/warnings/${id}`, { token: commander })).body;
  const tasksOf = (warning: any): any[] => warning.hazardPoints.flatMap((p: any) => p.tasks);
  const handled = async () =>
    (await pg.query(`SELECT count(*)::int AS n FROM event_log WHERE event_type = 'SensorThresholdExceeded'`))
      .rows[0].n as number;

  it('a reading under the threshold raises nothing', async () => {
    expect((await send(12, minutesAgo(20))).body).toMatchObject({ accepted: 1, exceeded: 0 });
    await new Promise((res) => setTimeout(res, 300));
    expect(await active()).toEqual([]);
  });

  it('over the threshold: an orange warning for that point alone, tasking its monitor and person in charge', async () => {
    expect((await send(35, minutesAgo(10))).body).toMatchObject({ accepted: 1, exceeded: 1 });
    const [warning] = await eventually(async () => {
      const items = await active();
      expect(items).toHaveLength(1);
      return items;
    });
    expect(warning).toMatchObject({ colour: 'orange', hazardType: 'geological', status: 'active' });
    const shown = await eventually(async () => {
      const d = await detail(warning.id);
      expect(tasksOf(d)).toHaveLength(2);
      return d;
    });
    const monitor = POINT.responsiblePersons.find((p) => p.role === 'monitor')!;
    const inCharge = POINT.responsiblePersons.find((p) => p.role === 'person_in_charge')!;
    expect(
      tasksOf(shown)
        .map((t) => `${t.hazardPointId} ${t.action} ${t.assigneeUserName}`)
        .sort(),
    ).toEqual([`${POINT.id} patrol ${monitor.userName}`, `${POINT.id} standby ${inCharge.userName}`].sort());
    // The monitor finds the patrol among their own tasks.
    const token = await login(app.url, monitor.userName, PASSWORD);
    const mine = await call(app.url, 'GET', '/api/v1/warnings/tasks/mine', { token });
    expect(mine.body.items).toEqual([expect.objectContaining({ warningId: warning.id, action: 'patrol' })]);
  });

  it('a second, higher exceedance amends the same warning to red and adds evacuation; a repeat adds nothing', async () => {
    const [before] = await active();
    const measuredAt = minutesAgo(5);
    expect((await send(50, measuredAt)).body).toMatchObject({ accepted: 1, exceeded: 1 });
    const amended = await eventually(async () => {
      const d = await detail(before.id);
      expect(d).toMatchObject({ colour: 'red' });
      return d;
    });
    expect(Date.parse(amended.expiresAt)).toBeGreaterThan(Date.parse(before.expiresAt));
    expect(
      tasksOf(amended)
        .map((t) => t.action)
        .sort(),
    ).toEqual(['evacuate', 'patrol', 'standby']);
    expect((await active()).map((w) => w.id)).toEqual([before.id]);

    // The point's crack gauge going over amends the same warning: no second set of tasks.
    const crack = await call(app.url, 'POST', '/api/v1/readings', {
      body: {
        readings: [{ sensorId: `crack-${POINT.id}`, value: 12, unit: 'mm', measuredAt: minutesAgo(4) }],
      },
      apiKey: KEY,
    });
    expect(crack.body).toMatchObject({ accepted: 1, exceeded: 1 });
    await eventually(async () => expect((await detail(before.id)).revision).toBe(2));
    expect((await active()).map((w) => w.id)).toEqual([before.id]);

    // The same reading sent again is a duplicate: no exceedance, no change.
    expect((await send(50, measuredAt)).body).toMatchObject({ accepted: 0, duplicates: 1 });
    await new Promise((res) => setTimeout(res, 300));
    expect(await handled()).toBe(3);
    expect(tasksOf(await detail(before.id))).toHaveLength(3);
    const rows = await pg.query(`SELECT revision FROM warnings WHERE source = 'sensor'`);
    expect(rows.rows).toEqual([{ revision: 2 }]);
  });
});
