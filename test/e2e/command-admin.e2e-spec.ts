import { CommandModule } from '@erp/command';
import { BAZHOU_RESCUE_TEAMS, CoverageIndex, RescueTeam, StraightLineTerrainModel } from '@erp/domain';
import { DutyModule } from '@erp/duty';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { call, Reply } from '../support/http';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * The admin API of the command structure (指挥体系) on a real PostgreSQL: units and rosters, rescue-team
 * status, the 15-minute coverage and the response plan's versions, each change with its event in the outbox.
 * The relay is off, so the outbox keeps every row the requests recorded.
 */
const PASSWORD = 'command-admin-password';
const TOWNSHIP = '511902001';
const OFFICE = `township-office-${TOWNSHIP}`;
const OTHER_TOWNSHIP = '511902002';

describe('command structure admin API', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  const tokens: Record<string, string> = {};

  const as = (user: string) => ({
    get: (path: string) => call(url, 'GET', path, { token: tokens[user] }),
    send: (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      call(url, method, path, { token: tokens[user], body, headers }),
    /** A unit edit made, as a console would, against the unit's current ETag (If-Match is required). */
    edit: async (method: string, path: string, body: unknown) => {
      const unit = await call(url, 'GET', path.replace(/\/roster$/, ''), { token: tokens[user] });
      return call(url, method, path, {
        token: tokens[user],
        body,
        headers: { 'if-match': `"${unit.body.revision}"` },
      });
    },
  });
  const commander = () => as('commander');
  const pointers = (r: Reply) =>
    ((r.body.error?.fields ?? []) as { pointer: string }[]).map((f) => f.pointer);
  const outbox = async (type: string): Promise<Record<string, unknown>[]> => {
    const rows: { payload: Record<string, unknown> }[] = await app.infra.database.dataSource.query(
      `SELECT envelope -> 'payload' AS payload FROM outbox WHERE envelope ->> 'type' = $1 ORDER BY id`,
      [type],
    );
    return rows.map((r) => r.payload);
  };
  const unitRow = async (id: string) => {
    const [row] = await app.infra.database.dataSource.query(
      `SELECT revision, contact, note, roster FROM units WHERE id = $1`,
      [id],
    );
    return row;
  };

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_command');
    app = await startTestService(
      'command-admin',
      { DATABASE_URL: db.url, DEMO_PASSWORD: PASSWORD },
      [DutyModule, CommandModule],
      { relay: false },
    );
    url = app.url;
    for (const user of ['commander', 'auditor', `duty-${TOWNSHIP}`, `duty-${OTHER_TOWNSHIP}`]) {
      const r = await call(url, 'POST', '/api/v1/auth/login', {
        body: { username: user, password: PASSWORD },
      });
      expect(r.status).toBe(200);
      tokens[user] = r.body.accessToken;
    }
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  describe('units', () => {
    it('lists the 56 units of the 1+18 structure and the rescue teams, each with who answers now', async () => {
      const r = await as('auditor').get('/api/v1/units');
      expect(r.status).toBe(200);
      const units: any[] = r.body.units;
      expect(units).toHaveLength(56 + BAZHOU_RESCUE_TEAMS.length);
      const ofKind = (kind: string) => units.filter((u) => u.kind === kind);
      for (const kind of ['committee', 'special_hq', 'department', 'township_office', 'rescue_team']) {
        expect(ofKind(kind).length).toBeGreaterThan(0);
      }
      expect(ofKind('special_hq')).toHaveLength(18);
      expect(ofKind('township_office')).toHaveLength(25);
      for (const office of ofKind('township_office')) {
        expect(office.townshipCode).toMatch(/^\d{9}$/);
        expect(office.id).toBe(`township-office-${office.townshipCode}`);
      }
      expect(ofKind('committee').every((u) => u.townshipCode === null)).toBe(true);
      for (const u of units) {
        expect(['roster', 'contact']).toContain(u.onDuty.source);
        expect(u).toHaveProperty('parentId');
        expect('team' in u).toBe(u.kind === 'rescue_team');
      }
      expect(ofKind('rescue_team')[0].team).toEqual({
        level: expect.any(String),
        kind: expect.any(String),
        status: 'available',
        capabilities: expect.any(Array),
        equipment: expect.any(Array),
        base: { lat: expect.any(Number), lon: expect.any(Number) },
        vehicleClass: expect.any(String),
        members: expect.any(Number),
      });
    });

    it('filters by kind and township, and refuses an unknown kind (400)', async () => {
      const hqs = await commander().get('/api/v1/units?kind=special_hq');
      expect(hqs.status).toBe(200);
      expect(hqs.body.units).toHaveLength(18);
      expect(hqs.body.units.every((u: any) => u.kind === 'special_hq')).toBe(true);

      const office = await commander().get(`/api/v1/units?kind=township_office&townshipCode=${TOWNSHIP}`);
      expect(office.body.units.map((u: any) => u.id)).toEqual([OFFICE]);

      const bad = await commander().get('/api/v1/units?kind=brigade');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('REQUEST.INVALID');
      expect(pointers(bad)).toEqual(['/kind']);

      const noToken = await call(url, 'GET', '/api/v1/units');
      expect(noToken.status).toBe(401);
    });

    it('shows one unit in full, with who is on duty now and its revision', async () => {
      const r = await as(`duty-${OTHER_TOWNSHIP}`).get(`/api/v1/units/${OFFICE}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        id: OFFICE,
        kind: 'township_office',
        townshipCode: TOWNSHIP,
        parentId: 'district-command-room',
        responsibleFor: null,
        revision: expect.any(Number),
      });
      expect(r.body.members.map((m: any) => m.userName)).toContain(`duty-${TOWNSHIP}`);
      expect(r.body.roster.length).toBeGreaterThan(0);
      // The office keeps a day and a night shift: someone on the roster always answers.
      expect(r.body.onDuty.source).toBe('roster');
      expect(r.body.onDuty.members).toHaveLength(1);

      const unknown = await commander().get('/api/v1/units/no-such-unit');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('UNIT.NOT_FOUND');
    });

    it('lets the commander edit a unit, records UnitChanged, and refuses others (403)', async () => {
      const before = (await commander().get(`/api/v1/units/${OFFICE}`)).body;
      const contact = { name: '东城街道应急值班室', phone: '0827-5260001' };
      const r = await commander().edit('PATCH', `/api/v1/units/${OFFICE}`, {
        contact,
        note: '演练期间加强值守',
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ contact, note: '演练期间加强值守', revision: before.revision + 1 });
      expect(await unitRow(OFFICE)).toMatchObject({ contact, note: '演练期间加强值守' });
      expect(await outbox('UnitChanged')).toContainEqual({ unitId: OFFICE, changed: ['contact', 'note'] });

      const officer = await as(`duty-${TOWNSHIP}`).edit('PATCH', `/api/v1/units/${OFFICE}`, {
        note: '自己改',
      });
      expect(officer.status).toBe(403);
      const auditor = await as('auditor').edit('PATCH', `/api/v1/units/${OFFICE}`, { note: '审计' });
      expect(auditor.status).toBe(403);
      expect((await unitRow(OFFICE)).note).toBe('演练期间加强值守');
    });

    it('refuses a bad edit whole, listing every error, and writes nothing', async () => {
      const before = await unitRow(OFFICE);
      const events = (await outbox('UnitChanged')).length;
      const r = await commander().edit('PATCH', `/api/v1/units/${OFFICE}`, {
        name: '',
        contact: { name: '值班室', phone: 'call me' },
        roster: [{ kind: 'weekly', userName: 'not-a-member', start: '08:00', end: '20:00' }],
        townshipCode: OTHER_TOWNSHIP,
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('UNIT.INVALID');
      expect(pointers(r).sort()).toEqual(['/contact/phone', '/name', '/roster/0/userName', '/townshipCode']);
      expect(await unitRow(OFFICE)).toEqual(before);
      expect(await outbox('UnitChanged')).toHaveLength(events);
    });

    it('refuses an edit made against a stale revision (If-Match, 409)', async () => {
      const res = await fetch(`${url}/api/v1/units/${OFFICE}`, {
        headers: { authorization: `Bearer ${tokens.commander}` },
      });
      const current = { body: (await res.json()) as { revision: number }, etag: res.headers.get('etag')! };
      expect(current.etag).toBe(`"${current.body.revision}"`);
      const stale = await commander().send(
        'PATCH',
        `/api/v1/units/${OFFICE}`,
        { note: '过期的修改' },
        { 'if-match': `"${current.body.revision - 1}"` },
      );
      expect(stale.status).toBe(412); // Precondition Failed: the If-Match names an old revision
      expect(stale.body.error.code).toBe('UNIT.REVISION_MISMATCH');
      expect((await unitRow(OFFICE)).note).toBe('演练期间加强值守');

      const fresh = await commander().send(
        'PATCH',
        `/api/v1/units/${OFFICE}`,
        { note: '按最新版本修改' },
        { 'if-match': current.etag },
      );
      expect(fresh.status).toBe(200);
      expect(fresh.body.revision).toBe(current.body.revision + 1);
    });

    it('requires If-Match on unit edits (428), so concurrent edits cannot overwrite each other', async () => {
      const before = await unitRow(OFFICE);
      for (const headers of [{}, { 'if-match': '*' }] as Record<string, string>[]) {
        const patch = await commander().send('PATCH', `/api/v1/units/${OFFICE}`, { note: '无版本' }, headers);
        expect(patch.status).toBe(428);
        expect(patch.body.error.code).toBe('UNIT.PRECONDITION_REQUIRED');
        const roster = await as(`duty-${TOWNSHIP}`).send(
          'PUT',
          `/api/v1/units/${OFFICE}/roster`,
          { roster: before.roster },
          headers,
        );
        expect(roster.status).toBe(428);
      }
      // Two officers edit the same revision: the second is refused instead of silently overwriting.
      const etag = `"${before.revision}"`;
      const first = await commander().send(
        'PATCH',
        `/api/v1/units/${OFFICE}`,
        { note: '甲的修改' },
        {
          'if-match': etag,
        },
      );
      const second = await commander().send(
        'PATCH',
        `/api/v1/units/${OFFICE}`,
        { note: '乙的修改' },
        {
          'if-match': etag,
        },
      );
      expect([first.status, second.status]).toEqual([200, 412]);
      expect((await unitRow(OFFICE)).note).toBe('甲的修改');
    });

    it('refuses names that are too long, invisible, or hold control characters, naming each field', async () => {
      const before = await unitRow(OFFICE);
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'x'.repeat(900_000) }, '/name'],
        [{ name: '\u202E' }, '/name'],
        [{ name: ' \u200B\u3000 ' }, '/name'],
        [{ name: '东城\u0007街道' }, '/name'],
        [{ contact: { name: '\u202E', phone: '0827-5260001' } }, '/contact/name'],
      ];
      for (const [body, pointer] of cases) {
        const r = await commander().edit('PATCH', `/api/v1/units/${OFFICE}`, body);
        expect(r.status).toBe(400);
        expect(r.body.error.code).toBe('UNIT.INVALID');
        expect(pointers(r)).toEqual([pointer]);
      }
      expect(await unitRow(OFFICE)).toEqual(before);
    });

    it('writes nothing and records nothing for an edit that changes nothing', async () => {
      const before = await unitRow(OFFICE);
      const events = (await outbox('UnitChanged')).length;
      const r = await commander().edit('PATCH', `/api/v1/units/${OFFICE}`, { note: before.note });
      expect(r.status).toBe(200);
      expect(r.body.revision).toBe(before.revision);
      expect(await outbox('UnitChanged')).toHaveLength(events);
    });

    it('refuses a change of responsibilities that would break the current response plan', async () => {
      const before = await unitRow('dept-water');
      const r = await commander().edit('PATCH', '/api/v1/units/dept-water', { responsibleFor: null });
      expect(r.status).toBe(400);
      expect(pointers(r)).toContain('/responsibleFor');
      expect(r.body.error.fields[0].message).toMatch(/no department is responsible for type\(s\) flood/);
      expect(await unitRow('dept-water')).toEqual(before);

      const moved = await commander().edit('PATCH', '/api/v1/units/dept-ecology', {
        responsibleFor: { types: ['flood'] },
      });
      expect(moved.status).toBe(400);
      expect(pointers(moved)).toEqual(['/responsibleFor/types/0']);
    });

    it("lets a unit's own duty officer replace its roster, but not another township's", async () => {
      const roster = [
        { kind: 'weekly', userName: `duty-${TOWNSHIP}`, start: '00:00', end: '00:00' },
        {
          kind: 'dated',
          userName: `head-${TOWNSHIP}`,
          from: '2030-01-28T00:00:00+08:00',
          to: '2030-02-04T00:00:00+08:00',
        },
      ];
      const own = await as(`duty-${TOWNSHIP}`).edit('PUT', `/api/v1/units/${OFFICE}/roster`, { roster });
      expect(own.status).toBe(200);
      expect(own.body.roster).toEqual(roster);
      expect(own.body.onDuty).toMatchObject({
        source: 'roster',
        members: [{ userName: `duty-${TOWNSHIP}` }],
      });
      expect(await outbox('UnitChanged')).toContainEqual({ unitId: OFFICE, changed: ['roster'] });

      const other = await as(`duty-${OTHER_TOWNSHIP}`).edit('PUT', `/api/v1/units/${OFFICE}/roster`, {
        roster: [],
      });
      expect(other.status).toBe(403);

      const notMember = await as(`duty-${TOWNSHIP}`).edit('PUT', `/api/v1/units/${OFFICE}/roster`, {
        roster: [{ kind: 'weekly', userName: 'stranger', start: '08:00', end: '20:00' }],
        note: '顺便改备注',
      });
      expect(notMember.status).toBe(400);
      expect(pointers(notMember).sort()).toEqual(['/note', '/roster/0/userName']);
      expect((await unitRow(OFFICE)).roster).toEqual(roster);
    });
  });

  describe('rescue teams', () => {
    const status = (user: string, teamId: string, body: Record<string, unknown>) =>
      as(user).send('POST', `/api/v1/teams/${teamId}/status`, body);

    it('walks a team out and back through its status machine; an illegal move is a 409', async () => {
      const teams = (await commander().get(`/api/v1/units?kind=rescue_team&townshipCode=${TOWNSHIP}`)).body
        .units;
      const team = teams.find((t: any) => t.parentId === OFFICE && t.team.status === 'available');
      expect(team).toBeDefined();
      const officer = `duty-${TOWNSHIP}`;
      const incidentId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

      const illegal = await status(officer, team.id, { status: 'on_scene' });
      expect(illegal.status).toBe(409);
      expect(illegal.body.error).toMatchObject({
        code: 'RESCUE_TEAM.ILLEGAL_TRANSITION',
        allowed: ['dispatched', 'out_of_service'],
      });

      const stranger = await status(`duty-${OTHER_TOWNSHIP}`, team.id, { status: 'dispatched' });
      expect(stranger.status).toBe(403);
      const unknownStatus = await status(officer, team.id, { status: 'asleep' });
      expect(unknownStatus.status).toBe(400);
      expect(pointers(unknownStatus)).toEqual(['/status']);

      const walk = ['dispatched', 'en_route', 'on_scene', 'returning', 'available'];
      for (const to of walk) {
        const r = await status(officer, team.id, { status: to, incidentId, reason: `演练: ${to}` });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id: team.id, team: { status: to } });
      }
      const unit = await commander().get(`/api/v1/units/${team.id}`);
      expect(unit.body.team.status).toBe('available');

      const events = (await outbox('RescueTeamStatusChanged')).filter((e) => e.teamId === team.id);
      expect(events.map((e) => [e.from, e.to])).toEqual([
        ['available', 'dispatched'],
        ['dispatched', 'en_route'],
        ['en_route', 'on_scene'],
        ['on_scene', 'returning'],
        ['returning', 'available'],
      ]);
      expect(events[0]).toMatchObject({ incidentId, reason: '演练: dispatched' });

      // Two dispatchers claim the same team at once: exactly one wins.
      const race = await Promise.all([
        status('commander', team.id, { status: 'dispatched' }),
        status(officer, team.id, { status: 'dispatched' }),
      ]);
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await status('commander', team.id, { status: 'available' })).status).toBe(200);

      const notATeam = await status('commander', OFFICE, { status: 'dispatched' });
      expect(notATeam.status).toBe(404);
    });

    it('reports the 15-minute coverage, which changes while a township’s only close team is out', async () => {
      const before = await commander().get('/api/v1/coverage');
      expect(before.status).toBe(200);
      expect(before.body.circleSeconds).toBe(900);
      expect(before.body.townships).toHaveLength(25);
      expect(before.body.coveredShare).toBeGreaterThan(0);

      // Which team is the only one within 15 minutes of some township: worked out from the teams the API
      // lists, with the same travel-time model.
      const listed = (await commander().get('/api/v1/units?kind=rescue_team')).body.units;
      const teams: RescueTeam[] = listed.map((u: any) => ({
        id: u.id,
        name: u.name,
        contact: u.contact,
        ...(u.townshipCode ? { townshipCode: u.townshipCode } : {}),
        ...u.team,
      }));
      const index = CoverageIndex.build({ teams, model: new StraightLineTerrainModel() });
      const ledger = index.departures();
      const sole = teams
        .map((t, i) => ({ team: t, loss: ledger.lossIf(i) }))
        .find(({ team, loss }) => team.status === 'available' && loss.townships > 0);
      expect(sole).toBeDefined();
      const township = index.placeLabel(sole!.loss.townshipPlaces[0]).key;
      const coverageOf = (r: Reply) => r.body.townships.find((t: any) => t.code === township);
      expect(coverageOf(before)).toMatchObject({ covered: true, teamId: sole!.team.id });

      const out = await status('commander', sole!.team.id, { status: 'out_of_service', reason: '车辆故障' });
      expect(out.status).toBe(200);
      const during = await commander().get('/api/v1/coverage');
      expect(coverageOf(during).covered).toBe(false);
      expect(coverageOf(during).bestEtaSeconds).toBeGreaterThan(900);
      expect(during.body.coveredShare).toBeLessThan(before.body.coveredShare);

      const back = await status('commander', sole!.team.id, { status: 'available', reason: '修复归队' });
      expect(back.status).toBe(200);
      const after = await commander().get('/api/v1/coverage');
      expect(after.body).toEqual(before.body);
    });
  });

  describe('response plan', () => {
    it('shows the current plan, its versions, and a version by its URL-encoded id', async () => {
      const current = await as('auditor').get('/api/v1/plan');
      expect(current.status).toBe(200);
      expect(current.body).toMatchObject({ planVersion: 'seed-2020/2', seq: 1, publishedBy: 'seed' });
      expect(current.body.plan.planVersion).toBe('seed-2020/2');
      expect(Date.parse(current.body.publishedAt)).not.toBeNaN();

      const versions = await commander().get('/api/v1/plan/versions');
      expect(versions.body.versions).toEqual([
        {
          planVersion: 'seed-2020/2',
          seq: 1,
          publishedAt: current.body.publishedAt,
          publishedBy: 'seed',
          clauses: current.body.plan.clauses.length,
        },
      ]);

      const byId = await commander().get(`/api/v1/plan/versions/${encodeURIComponent('seed-2020/2')}`);
      expect(byId.status).toBe(200);
      expect(byId.body).toEqual(current.body);

      const unknown = await commander().get(`/api/v1/plan/versions/${encodeURIComponent('seed-2020/99')}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('PLAN.UNKNOWN_VERSION');
    });

    it('publishes a valid next version (201), which becomes current, and records ResponsePlanPublished', async () => {
      const { plan } = (await commander().get('/api/v1/plan')).body;
      const next = { ...plan, planVersion: 'seed-2020/3', validFrom: '2030-01-01T00:00:00+08:00' };

      const officer = await as(`duty-${TOWNSHIP}`).send('PUT', '/api/v1/plan', next);
      expect(officer.status).toBe(403);

      const r = await commander().send('PUT', '/api/v1/plan', next);
      expect(r.status).toBe(201);
      expect(r.body).toEqual({
        planVersion: 'seed-2020/3',
        seq: 2,
        publishedAt: expect.any(String),
        publishedBy: 'commander',
        previousVersion: 'seed-2020/2',
        clauses: plan.clauses.length,
      });
      const current = await commander().get('/api/v1/plan');
      expect(current.body).toMatchObject({ planVersion: 'seed-2020/3', seq: 2, plan: next });
      expect(await outbox('ResponsePlanPublished')).toEqual([
        { planVersion: 'seed-2020/3', previousVersion: 'seed-2020/2', clauses: plan.clauses.length },
      ]);
      const old = await commander().get(`/api/v1/plan/versions/${encodeURIComponent('seed-2020/2')}`);
      expect(old.body.plan.planVersion).toBe('seed-2020/2');
    });

    it('refuses a bad plan whole, listing every error, and keeps the current one', async () => {
      const { plan } = (await commander().get('/api/v1/plan')).body;
      const clauses = structuredClone(plan.clauses) as any[];
      clauses[0].reportUpToCity = 'yes';
      const notify = clauses.findIndex((c) => c.participants[0].rule === 'unit');
      clauses[notify].participants[0].unitId = 'no-such-unit';
      const t3Lead = clauses.findIndex((c) => c.id === 't3-committee-leads');
      clauses[t3Lead].participants[0].role = 'support';

      const r = await commander().send('PUT', '/api/v1/plan', {
        ...plan,
        planVersion: 'seed-2020/4',
        clauses,
      });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('PLAN.INVALID');
      const fields: { pointer: string; message: string }[] = r.body.error.fields;
      expect(fields).toContainEqual({ pointer: '/clauses/0/reportUpToCity', message: expect.any(String) });
      expect(fields).toContainEqual({
        pointer: `/clauses/${notify}/participants/0/unitId`,
        message: 'unknown unit "no-such-unit"',
      });
      expect(fields).toContainEqual({
        pointer: '/clauses',
        message: expect.stringMatching(/T3_MAJOR.*no lead/),
      });

      expect((await commander().get('/api/v1/plan')).body.planVersion).toBe('seed-2020/3');
      expect(await outbox('ResponsePlanPublished')).toHaveLength(1);
    });

    it('refuses a version that does not come after the current one', async () => {
      const { plan } = (await commander().get('/api/v1/plan')).body;
      for (const planVersion of ['seed-2020/3', 'seed-2020/2', 'seed-2019/9']) {
        const r = await commander().send('PUT', '/api/v1/plan', { ...plan, planVersion });
        expect(r.status).toBe(400);
        expect(r.body.error.code).toBe('PLAN.INVALID');
        expect(pointers(r)).toEqual(['/planVersion']);
      }
      expect((await commander().get('/api/v1/plan/versions')).body.versions).toHaveLength(2);
    });
  });
});
