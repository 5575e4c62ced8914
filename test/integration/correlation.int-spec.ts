import 'reflect-metadata';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { alarmBody, call, incidentOfAlarm, login } from '../support/http';

/**
 * Correlation (事件归并) and re-classification on real PostgreSQL: concurrent alarms about one event open
 * one incident, wherever they come from; distant or incompatible ones do not join; new facts upgrade.
 * Dispatch runs concurrently (the in-process stream spreads keys over lanes, as Kafka over partitions).
 */
const KEY = 'correlation-source-key';
const PASSWORD = 'correlation-password';

describe('correlation into incidents, and re-classification', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  let commander: string;

  beforeAll(async () => {
    db = await createTestDatabase('erp_correlation');
    app = await startTestService('correlation', {
      DATABASE_URL: db.url,
      DEMO_SOURCE_KEY: KEY,
      DEMO_PASSWORD: PASSWORD,
      CORRELATION_RADIUS_METRES: '1500',
    });
    url = app.url;
    commander = await login(url, 'commander', PASSWORD);
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await db.drop();
  });

  const send = (overrides: Record<string, unknown>) =>
    call(url, 'POST', '/api/v1/alarms', { body: alarmBody(overrides), apiKey: KEY });

  it('concurrent alarms about one event open exactly one incident that keeps every alarm', async () => {
    const place = { lat: 31.7581, lon: 106.9182 }; // 曾口镇
    const replies = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        send({
          townshipCode: undefined,
          type: i % 3 === 0 ? 'building_collapse' : 'fire', // compatible types: one event
          location: { lat: place.lat + (i % 5) * 0.001, lon: place.lon - (i % 4) * 0.001 },
        }),
      ),
    );
    expect(replies.every((r) => r.status === 202)).toBe(true);
    const incidents = new Set<string>();
    for (const r of replies) incidents.add(await incidentOfAlarm(url, r.body.alarmId, KEY));
    expect(incidents.size).toBe(1);
    const [incidentId] = [...incidents];
    // The plan's tasks follow IncidentClassified; joining alarms dispatch nothing new: one lead, one task
    // per unit and role.
    const incident = await eventually(async () => {
      const r = (await call(url, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander })).body;
      expect(r.tasks.filter((t: { role: string }) => t.role === 'lead')).toHaveLength(1);
      return r;
    }, 20_000);
    expect(incident.alarmIds.sort()).toEqual(replies.map((r) => r.body.alarmId).sort());
    const held = incident.tasks.map((t: { unitId: string; role: string }) => `${t.unitId}:${t.role}`);
    expect(new Set(held).size).toBe(held.length);
    const timeline = await eventually(async () => {
      const t = (await call(url, 'GET', `/api/v1/incidents/${incidentId}/timeline`, { token: commander }))
        .body;
      expect(t.entries.filter((e: { type: string }) => e.type === 'AlarmJoinedIncident')).toHaveLength(23);
      return t;
    });
    expect(timeline.chainIntact).toBe(true);
  }, 60_000);

  it('does not join alarms that are far apart, of unrelated types, or a drill with a real one', async () => {
    const base = { townshipCode: undefined, location: { lat: 31.624, lon: 106.808 } }; // 三江镇
    const first = await send({ ...base, type: 'flood' });
    const far = await send({ townshipCode: undefined, type: 'flood', location: { lat: 31.7, lon: 106.84 } }); // ~9 km
    const unrelated = await send({ ...base, type: 'food_poisoning' });
    const drill = await send({ ...base, type: 'flood', exercise: true });
    const ids = await Promise.all(
      [first, far, unrelated, drill].map((r) => incidentOfAlarm(url, r.body.alarmId, KEY)),
    );
    expect(new Set(ids).size).toBe(4);
    const drillIncident = (await call(url, 'GET', `/api/v1/incidents/${ids[3]}`, { token: commander })).body;
    expect(drillIncident.exercise).toBe(true);
  }, 60_000);

  it('classifies by the national criteria and upgrades at once when a later alarm reports worse harm', async () => {
    const place = { townshipCode: '511902003' }; // 回风街道, no location: the township centre anchors it
    const first = await send({ ...place, type: 'work_safety_accident', casualties: { seriousInjuries: 2 } });
    const incidentId = await incidentOfAlarm(url, first.body.alarmId, KEY);
    let incident = (await call(url, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander })).body;
    expect(incident).toMatchObject({ tier: 'T2_GENERAL', level: 'IV', category: 'accident_disaster' });

    const worse = await send({ ...place, type: 'work_safety_accident', casualties: { deaths: 3 } });
    expect(await incidentOfAlarm(url, worse.body.alarmId, KEY)).toBe(incidentId);
    incident = (await call(url, 'GET', `/api/v1/incidents/${incidentId}`, { token: commander })).body;
    expect(incident).toMatchObject({ tier: 'T3_MAJOR', level: 'III' });
    expect(incident.reasons.join(' ')).toMatch(/3/);
    const timeline = await eventually(async () => {
      const t = (await call(url, 'GET', `/api/v1/incidents/${incidentId}/timeline`, { token: commander }))
        .body;
      expect(t.entries.map((e: { type: string }) => e.type)).toContain('IncidentReclassified');
      return t;
    });
    const upgrade = timeline.entries.find((e: { type: string }) => e.type === 'IncidentReclassified');
    expect(upgrade.payload).toMatchObject({
      from: { tier: 'T2_GENERAL', level: 'IV' },
      to: { tier: 'T3_MAJOR', level: 'III' },
      confirmedBy: null,
    });
    const none = await call(url, 'POST', `/api/v1/incidents/${incidentId}/confirm-downgrade`, {
      token: commander,
    });
    expect(none.status).toBe(409);
  }, 60_000);

  it('refuses unknown incident types and hazard points, and lists the vocabulary', async () => {
    const unknownType = await send({ type: 'alien_invasion' });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.fields).toEqual([{ pointer: '/type', message: expect.any(String) }]);
    const unknownHazard = await send({ hazardPointId: 'no-such-point' });
    expect(unknownHazard.status).toBe(400);
    expect(unknownHazard.body.error.fields[0].pointer).toBe('/hazardPointId');
    const types = (await call(url, 'GET', '/api/v1/reference/types')).body.types.map(
      (t: { code: string }) => t.code,
    );
    for (const code of [
      'fire',
      'forest_fire',
      'flood',
      'landslide',
      'earthquake',
      'traffic_accident',
      'work_safety_accident',
      'hazmat_leak',
      'gas_leak',
      'drowning',
      'building_collapse',
      'food_poisoning',
      'epidemic',
      'public_security',
    ]) {
      expect(types).toContain(code);
    }
  });
});
