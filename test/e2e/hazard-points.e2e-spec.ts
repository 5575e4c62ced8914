import { CommandModule } from '@erp/command';
import { DispatchModule } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { IntakeModule } from '@erp/intake';
import { BAZHOU_HAZARD_SEED } from '@erp/domain';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { alarmBody, call, incidentOfAlarm, login, Reply } from '../support/http';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * The hazard register (隐患点) in PostgreSQL through /api/v1/hazard-points: the 12 fictional sample points
 * from the demo seed, the commander's create / replace / remove, officers' reads, every bad input refused
 * whole with nothing written.
 */
const PASSWORD = 'hazard-points-password';
const KEY = 'hazard-points-source-key';

const newPoint = (overrides: Record<string, unknown> = {}) => ({
  id: 'HZ-511902101-99',
  name: '清江镇测试村滑坡隐患点（测试）',
  kind: 'landslide',
  townshipCode: '511902101',
  position: { lat: 31.986, lon: 106.718 },
  riskGrade: 'high',
  threatenedPersons: 30,
  threatenedHouseholds: 9,
  responsiblePersons: [
    { role: 'monitor', name: '测试监测员', phone: '13800000099', userName: 'hz-monitor-511902101-01' },
    { role: 'person_in_charge', name: '测试责任人', phone: '13800000098', userName: 'duty-511902101' },
  ],
  ...overrides,
});

describe('hazard points API', () => {
  let db: TestDatabase;
  let app: RunningService;
  const tokens: Record<string, string> = {};
  const as = (user: string) => ({
    get: (path: string) => call(app.url, 'GET', path, { token: tokens[user] }),
    send: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call(app.url, method, path, { token: tokens[user], body, headers }),
  });
  const pointers = (r: Reply) =>
    ((r.body.error?.fields ?? []) as { pointer: string }[]).map((f) => f.pointer);
  const count = async () =>
    Number((await app.infra.database.dataSource.query(`SELECT count(*) AS n FROM hazard_points`))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_hazard_points');
    app = await startTestService(
      'hazard-points',
      { DATABASE_URL: db.url, DEMO_PASSWORD: PASSWORD, DEMO_SOURCE_KEY: KEY },
      [IntakeModule, DispatchModule, DutyModule, CommandModule],
    );
    for (const user of ['commander', 'auditor', 'duty-511902101', 'hz-monitor-511902101-01']) {
      tokens[user] = await login(app.url, user, PASSWORD);
    }
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('the demo seed holds the 12 sample points, marked fictional, each with a monitor and a person in charge who can sign in', async () => {
    const r = await as('duty-511902101').get('/api/v1/hazard-points');
    expect(r.status).toBe(200);
    expect(r.body.items).toHaveLength(12);
    expect(r.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
      BAZHOU_HAZARD_SEED.map((p) => p.id).sort(),
    );
    for (const p of r.body.items) {
      expect(p.sample).toBe(true);
      expect(p.threatenedPersons).toBeGreaterThan(0);
      expect(p.responsiblePersons.map((x: { roleZh: string }) => x.roleZh).sort()).toEqual(
        ['监测员', '责任人'].sort(),
      );
    }
    // The monitor signed in above; filtering works.
    const qingjiang = await as('hz-monitor-511902101-01').get('/api/v1/hazard-points?townshipCode=511902101');
    expect(qingjiang.body.items.map((p: { id: string }) => p.id)).toEqual([
      'HZ-511902101-01',
      'HZ-511902101-02',
    ]);
    const one = await as('auditor').get('/api/v1/hazard-points/HZ-511902105-01');
    expect(one.body).toMatchObject({ kind: 'debris_flow', kindZh: '泥石流', riskGrade: 'high', revision: 0 });
  });

  it('the commander registers, replaces (If-Match) and removes a point', async () => {
    const created = await as('commander').send('POST', '/api/v1/hazard-points', newPoint());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'HZ-511902101-99', sample: false, revision: 0 });

    const point = newPoint({ riskGrade: 'major', threatenedPersons: 41 });
    const noIfMatch = await as('commander').send('PUT', '/api/v1/hazard-points/HZ-511902101-99', point);
    expect(noIfMatch.status).toBe(428);
    const revised = await as('commander').send('PUT', '/api/v1/hazard-points/HZ-511902101-99', point, {
      'if-match': '"0"',
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ riskGrade: 'major', threatenedPersons: 41, revision: 1 });
    const stale = await as('commander').send('PUT', '/api/v1/hazard-points/HZ-511902101-99', point, {
      'if-match': '"0"',
    });
    expect(stale.status).toBe(412);

    const twice = await as('commander').send('POST', '/api/v1/hazard-points', newPoint());
    expect(twice.status).toBe(409);

    expect((await as('commander').send('DELETE', '/api/v1/hazard-points/HZ-511902101-99')).status).toBe(204);
    expect((await as('auditor').get('/api/v1/hazard-points/HZ-511902101-99')).status).toBe(404);
    expect((await as('commander').send('DELETE', '/api/v1/hazard-points/HZ-511902101-99')).status).toBe(404);
  });

  it('officers and auditors only read', async () => {
    for (const user of ['duty-511902101', 'auditor']) {
      const r = await as(user).send('POST', '/api/v1/hazard-points', newPoint({ id: 'HZ-X-1' }));
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('HAZARD_POINT.COMMANDER_ONLY');
    }
    expect((await as('duty-511902101').send('DELETE', '/api/v1/hazard-points/HZ-511902101-01')).status).toBe(
      403,
    );
    expect((await call(app.url, 'GET', '/api/v1/hazard-points')).status).toBe(401);
  });

  it('bad input of every kind: 400 listing every error at once, nothing written', async () => {
    const before = await count();
    const bad = await as('commander').send(
      'POST',
      '/api/v1/hazard-points',
      newPoint({
        id: 'has space',
        name: '\u202E',
        kind: 'volcano',
        riskGrade: 'extreme',
        position: { lat: 'north', lon: 106.7 },
        threatenedPersons: -1,
        threatenedHouseholds: 2.5,
        extra: true,
      }),
    );
    expect(bad.status).toBe(400);
    expect(pointers(bad)).toEqual(
      expect.arrayContaining([
        '/id',
        '/name',
        '/kind',
        '/riskGrade',
        '/position/lat',
        '/threatenedPersons',
        '/threatenedHouseholds',
      ]),
    );

    // Shape fine, rules broken: a township elsewhere, a position outside the district, no person in charge.
    const rules = await as('commander').send(
      'POST',
      '/api/v1/hazard-points',
      newPoint({
        townshipCode: '110101001',
        responsiblePersons: [
          { role: 'monitor', name: '某', phone: '13800000099', userName: 'hz-monitor-511902101-01' },
        ],
      }),
    );
    expect(rules.status).toBe(400);
    expect(pointers(rules)).toEqual(['/townshipCode', '/responsiblePersons']);

    const far = await as('commander').send(
      'POST',
      '/api/v1/hazard-points',
      newPoint({ position: { lat: 39.9, lon: 116.4 } }),
    );
    expect(pointers(far)).toEqual(['/position']);

    // 3 km from 清江镇's point, near enough by distance, but across the district's boundary.
    const across = await as('commander').send(
      'POST',
      '/api/v1/hazard-points',
      newPoint({ position: { lat: 32.008, lon: 106.71 } }),
    );
    expect(pointers(across)).toEqual(['/position']);
    expect(JSON.stringify(across.body)).toContain('不在辖区内');

    const nobody = await as('commander').send(
      'POST',
      '/api/v1/hazard-points',
      newPoint({
        responsiblePersons: [
          { role: 'monitor', name: '某', phone: '13800000099', userName: 'no-such-user' },
          { role: 'person_in_charge', name: '某', phone: '13800000098', userName: 'duty-511902101' },
        ],
      }),
    );
    expect(nobody.status).toBe(400);
    expect(pointers(nobody)).toEqual(['/responsiblePersons/0/userName']);

    for (const body of [null, [], 'text', 42]) {
      expect((await as('commander').send('POST', '/api/v1/hazard-points', body)).status).toBe(400);
    }
    expect((await as('auditor').get('/api/v1/hazard-points?kind=volcano')).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('a point registered through the API is one alarms may name, and its grade counts in classification', async () => {
    const point = newPoint({ id: 'HZ-511902101-77', riskGrade: 'major' });
    expect((await as('commander').send('POST', '/api/v1/hazard-points', point)).status).toBe(201);
    const sent = await call(app.url, 'POST', '/api/v1/alarms', {
      apiKey: KEY,
      body: alarmBody({
        type: 'landslide',
        townshipCode: '511902101',
        location: point.position,
        hazardPointId: 'HZ-511902101-77',
        description: '小型滑坡，无人员伤亡',
      }),
    });
    expect(sent.status).toBe(202);
    const incidentId = await incidentOfAlarm(app.url, sent.body.alarmId, KEY);
    const incident = (await as('commander').get(`/api/v1/incidents/${incidentId}`)).body;
    // A major-risk point lifts an otherwise minor event to 一般 (T2).
    expect(incident).toMatchObject({ hazardPointId: 'HZ-511902101-77', tier: 'T2_GENERAL' });
    const unknown = await call(app.url, 'POST', '/api/v1/alarms', {
      apiKey: KEY,
      body: alarmBody({ hazardPointId: 'HZ-511902101-78' }),
    });
    expect(unknown.status).toBe(400);
  });
});
