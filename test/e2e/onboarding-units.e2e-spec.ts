import { CommandModule } from '@erp/command';
import { RunningService } from '@erp/platform';
import { ALARM_PATH, startTestService } from '../support/product';
import { alarmBody, call, incidentOfAlarm, Reply } from '../support/http';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';

/**
 * Creating, editing and retiring the district's units, teams and members through the API (issue 17), on a
 * real PostgreSQL with the alarm path running: what a retired team may no longer do is dispatch.
 */
const PASSWORD = 'onboarding-units-password';
const KEY = 'onboarding-units-source-key';
const TOWNSHIP = '511902001';
const AT_TOWNSHIP = { lat: 31.86, lon: 106.775 };
const EVERY_CAPABILITY = [
  'fire_suppression',
  'forest_firefighting',
  'drone',
  'life_detector',
  'satellite_phone',
  'hydraulic_breaking',
  'rope_rescue',
  'medical',
];

type TeamRow = { id: string; retiredAt: string | null; team: { base: { lat: number; lon: number } } };

function teamBody(name: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'rescue_team',
    name,
    townshipCode: TOWNSHIP,
    parentId: `township-office-${TOWNSHIP}`,
    contact: { name: '王队长', phone: '13800002001' },
    members: [{ userName: `${name}-lead`, displayName: '王队长', role: 'head', phone: '13800002001' }],
    team: {
      level: 'township',
      kind: 'professional',
      base: AT_TOWNSHIP,
      vehicleClass: 'fire_engine',
      capabilities: EVERY_CAPABILITY,
      equipment: ['无人机', '液压破拆工具组'],
      members: 12,
    },
    ...overrides,
  };
}

describe('onboarding: create, edit and retire units, teams and members', () => {
  let db: TestDatabase;
  let app: RunningService;
  let url: string;
  const tokens: Record<string, string> = {};

  const as = (user: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(url, method, path, { token: tokens[user], body, headers });
  const revisionOf = async (id: string) =>
    `"${(await as('commander', 'GET', `/api/v1/units/${id}`)).body.revision}"`;
  const pointers = (r: Reply) =>
    ((r.body.error?.fields ?? []) as { pointer: string }[]).map((f) => f.pointer);
  const unitCount = async () =>
    Number((await app.infra.database.dataSource.query(`SELECT count(*)::int AS n FROM units`))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_onboarding_units');
    app = await startTestService(
      'onboarding-units',
      { DATABASE_URL: db.url, DEMO_PASSWORD: PASSWORD, DEMO_SOURCE_KEY: KEY },
      [...ALARM_PATH, CommandModule],
    );
    url = app.url;
    for (const user of ['commander', 'admin', 'auditor', `duty-${TOWNSHIP}`]) {
      const r = await call(url, 'POST', '/api/v1/auth/login', {
        body: { username: user, password: PASSWORD },
      });
      tokens[user] = r.body.accessToken;
    }
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('creates a rescue team whose member signs in with the one-time password shown once', async () => {
    const r = await as('commander', 'POST', '/api/v1/units', teamBody('东城突击队'));
    expect(r.status).toBe(201);
    expect(r.body.id).toMatch(/^team-/);
    expect(r.body.team).toMatchObject({
      status: 'available',
      capabilities: EVERY_CAPABILITY,
      vehicleClass: 'fire_engine',
    });
    expect(r.body.oneTimePasswords).toEqual([
      { userName: '东城突击队-lead', unitId: r.body.id, password: expect.stringMatching(/^[\w-]{22}$/) },
    ]);
    const login = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: '东城突击队-lead', password: r.body.oneTimePasswords[0].password },
    });
    expect(login.status).toBe(200);
    expect(login.body.unitId).toBe(r.body.id);
    // Shown once: reading the unit again never carries it.
    const again = await as('commander', 'GET', `/api/v1/units/${r.body.id}`);
    expect(JSON.stringify(again.body)).not.toContain(r.body.oneTimePasswords[0].password);
    // Audited with who and when.
    const [event] = await app.infra.database.dataSource.query(
      `SELECT envelope FROM outbox WHERE envelope ->> 'type' = 'UnitChanged' AND envelope -> 'payload' ->> 'unitId' = $1`,
      [r.body.id],
    );
    expect(event.envelope.payload).toMatchObject({ action: 'created', accountsOpened: ['东城突击队-lead'] });
    expect(event.envelope.actor).toMatchObject({ kind: 'user', name: 'commander' });
    expect(event.envelope.occurredAt).toEqual(expect.any(String));
  });

  it('refuses a bad team with every error at once and writes nothing', async () => {
    const before = await unitCount();
    const r = await as(
      'commander',
      'POST',
      '/api/v1/units',
      teamBody('坏队伍', {
        contact: { name: '李', phone: '12345' },
        members: [{ userName: 'bad-lead', displayName: '李', role: 'head', phone: '010-1234' }],
        team: {
          ...(teamBody('x').team as object),
          base: { lat: 39.9, lon: 116.4 },
          capabilities: ['teleport'],
        },
      }),
    );
    expect(r.status).toBe(400);
    expect(pointers(r)).toEqual(
      expect.arrayContaining(['/contact/phone', '/members/0/phone', '/team/base', '/team/capabilities/0']),
    );
    expect(await unitCount()).toBe(before);
  });

  it('lets only the commander or an administrator create, edit or retire', async () => {
    for (const user of ['auditor', `duty-${TOWNSHIP}`]) {
      const r = await as(user, 'POST', '/api/v1/units', teamBody(`非法-${user}`));
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('UNIT.COMMANDER_ONLY');
    }
  });

  it('lets an administrator keep the structure, audited as theirs, but not command teams or see incidents', async () => {
    const created = await as('admin', 'POST', '/api/v1/units', teamBody('管理员建队'));
    expect(created.status).toBe(201);
    const id = created.body.id;
    const edited = await as(
      'admin',
      'PATCH',
      `/api/v1/units/${id}`,
      { note: '管理员补录' },
      { 'if-match': await revisionOf(id) },
    );
    expect(edited.status).toBe(200);
    const events: { envelope: { actor: { name: string }; payload: { changed: string[] } } }[] =
      await app.infra.database.dataSource.query(
        `SELECT envelope FROM outbox WHERE envelope ->> 'type' = 'UnitChanged' AND envelope -> 'payload' ->> 'unitId' = $1 ORDER BY id`,
        [id],
      );
    expect(events.map((e) => e.envelope.actor.name)).toEqual(['admin', 'admin']);
    expect(events[1].envelope.payload.changed).toEqual(['note']);
    // Keeping the data is not commanding: a team's status and the incidents stay operational.
    const status = await as('admin', 'POST', `/api/v1/teams/${id}/status`, { status: 'out_of_service' });
    expect(status.status).toBe(403);
    const incidents = await as('admin', 'GET', '/api/v1/incidents');
    expect(incidents.status).toBe(200);
    expect(incidents.body.items).toEqual([]);
    const retired = await as('admin', 'POST', `/api/v1/units/${id}/retire`, undefined, {
      'if-match': await revisionOf(id),
    });
    expect(retired.status).toBe(200);
  });

  it("lets an administrator set another account's role, audited; never their own, never a duty officer", async () => {
    const created = await as('admin', 'POST', '/api/v1/units', teamBody('角色队'));
    const member = '角色队-lead';
    const { password } = created.body.oneTimePasswords[0];
    const refused = await as(`duty-${TOWNSHIP}`, 'PUT', `/api/v1/users/${member}/role`, {
      role: 'commander',
    });
    expect(refused.status).toBe(403);
    expect((await as('admin', 'PUT', '/api/v1/users/admin/role', { role: 'commander' })).status).toBe(409);
    expect((await as('admin', 'PUT', `/api/v1/users/${member}/role`, { role: 'king' })).status).toBe(400);
    expect((await as('admin', 'PUT', '/api/v1/users/nobody-here/role', { role: 'auditor' })).status).toBe(
      404,
    );

    const set = await as('admin', 'PUT', `/api/v1/users/${member}/role`, { role: 'auditor' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      userName: member,
      displayName: '王队长',
      role: 'auditor',
      unitId: created.body.id,
    });
    const [event] = await app.infra.database.dataSource.query(
      `SELECT envelope FROM outbox WHERE envelope ->> 'type' = 'UserRoleChanged' AND envelope -> 'payload' ->> 'userName' = $1`,
      [member],
    );
    expect(event.envelope.payload).toEqual({ userName: member, from: 'duty_officer', to: 'auditor' });
    expect(event.envelope.actor).toMatchObject({ kind: 'user', name: 'admin' });
    // The new role is theirs from their next sign-in.
    const login = await call(url, 'POST', '/api/v1/auth/login', { body: { username: member, password } });
    expect(login.body.role).toBe('auditor');
  });

  it('edits a team: its capabilities and the unit it answers to, with If-Match', async () => {
    const created = await as('commander', 'POST', '/api/v1/units', teamBody('编辑队'));
    const id = created.body.id;
    const r = await as(
      'commander',
      'PATCH',
      `/api/v1/units/${id}`,
      { team: { capabilities: ['drone', 'medical'] }, parentId: 'district-command-room' },
      { 'if-match': await revisionOf(id) },
    );
    expect(r.status).toBe(200);
    expect(r.body.team.capabilities).toEqual(['drone', 'medical']);
    expect(r.body.parentId).toBe('district-command-room');
    const outside = await as(
      'commander',
      'PATCH',
      `/api/v1/units/${id}`,
      { team: { base: { lat: 30.0, lon: 104.0 } } },
      { 'if-match': await revisionOf(id) },
    );
    expect(outside.status).toBe(400);
    expect(pointers(outside)).toEqual(['/team/base']);
  });

  it('adds a member with an account, removes them and their account can no longer sign in', async () => {
    const office = `township-office-${TOWNSHIP}`;
    const added = await as(
      'commander',
      'POST',
      `/api/v1/units/${office}/members`,
      { userName: 'new-officer-1', displayName: '新值班员', role: 'duty_officer', phone: '13900001234' },
      { 'if-match': await revisionOf(office) },
    );
    expect(added.status).toBe(201);
    const password = added.body.oneTimePasswords[0].password;
    expect(
      (await call(url, 'POST', '/api/v1/auth/login', { body: { username: 'new-officer-1', password } }))
        .status,
    ).toBe(200);

    const badPhone = await as(
      'commander',
      'POST',
      `/api/v1/units/${office}/members`,
      { userName: 'new-officer-2', displayName: '号码错', role: 'duty_officer', phone: '999' },
      { 'if-match': await revisionOf(office) },
    );
    expect(badPhone.status).toBe(400);
    expect(pointers(badPhone)).toEqual(['/phone']);

    const removed = await as(
      'commander',
      'DELETE',
      `/api/v1/units/${office}/members/new-officer-1`,
      undefined,
      {
        'if-match': await revisionOf(office),
      },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.members.map((m: { userName: string }) => m.userName)).not.toContain('new-officer-1');
    const refused = await call(url, 'POST', '/api/v1/auth/login', {
      body: { username: 'new-officer-1', password },
    });
    expect(refused.status).toBe(401);
  });

  it('never dispatches a retired team, keeps its name, and refuses to put it back in service', async () => {
    const retiring = (await as('commander', 'POST', '/api/v1/units', teamBody('撤编队'))).body.id;
    const twin = (await as('commander', 'POST', '/api/v1/units', teamBody('同址队'))).body.id;
    const r = await as('commander', 'POST', `/api/v1/units/${retiring}/retire`, undefined, {
      'if-match': await revisionOf(retiring),
    });
    expect(r.status).toBe(200);
    expect(r.body.retiredAt).toEqual(expect.any(String));
    expect(r.body.name).toBe('撤编队');
    expect(r.body.team.status).toBe('out_of_service');

    const back = await as('commander', 'POST', `/api/v1/teams/${retiring}/status`, { status: 'available' });
    expect(back.status).toBe(409);
    const edit = await as(
      'commander',
      'PATCH',
      `/api/v1/units/${retiring}`,
      { note: 'x' },
      {
        'if-match': await revisionOf(retiring),
      },
    );
    expect(edit.status).toBe(409);

    // Both teams sit at the township's centre with every capability: the one in service goes, the retired never.
    const sent = await call(url, 'POST', '/api/v1/alarms', {
      body: alarmBody({ townshipCode: TOWNSHIP, type: 'fire', location: AT_TOWNSHIP }),
      apiKey: KEY,
    });
    expect(sent.status).toBe(202);
    const incidentId = await incidentOfAlarm(url, sent.body.alarmId, KEY);
    const tasks = await eventually(async () => {
      const incident = await as('commander', 'GET', `/api/v1/incidents/${incidentId}`);
      const teamTasks = (incident.body.tasks as { unitId: string; etaSeconds: number | null }[]).filter(
        (t) => t.etaSeconds !== null,
      );
      expect(teamTasks.length).toBeGreaterThan(0);
      return teamTasks;
    }, 20_000);
    const teamIds = tasks.map((t) => t.unitId);
    expect(teamIds).not.toContain(retiring);
    // A team in service at that very spot went in its place (this suite's first team sits there too).
    const sameSpot = (
      (await as('commander', 'GET', '/api/v1/units?kind=rescue_team')).body.units as TeamRow[]
    )
      .filter(
        (u) =>
          u.retiredAt === null && u.team.base.lat === AT_TOWNSHIP.lat && u.team.base.lon === AT_TOWNSHIP.lon,
      )
      .map((u) => u.id);
    expect(sameSpot).toContain(twin);
    const went = teamIds.find((id) => sameSpot.includes(id)) as string;
    expect(went).toBeDefined();

    // The team that went finishes its task and comes back; retired then, its past task keeps its name.
    const task = tasks.find((t) => t.unitId === went) as unknown as { id: string };
    const name = (await as('commander', 'GET', `/api/v1/units/${went}`)).body.name;
    for (const move of ['acknowledge', 'depart', 'arrive', 'complete']) {
      const moved = await as('commander', 'POST', `/api/v1/tasks/${task.id}/${move}`, {});
      expect([move, moved.status]).toEqual([move, 200]);
    }
    const home = await as('commander', 'POST', `/api/v1/teams/${went}/status`, { status: 'available' });
    expect(home.status).toBe(200);
    const gone = await as('commander', 'POST', `/api/v1/units/${went}/retire`, undefined, {
      'if-match': await revisionOf(went),
    });
    expect(gone.status).toBe(200);
    const past = await as('commander', 'GET', `/api/v1/incidents/${incidentId}`);
    expect(past.body.tasks).toContainEqual(expect.objectContaining({ unitId: went, unitName: name }));
  });

  it('refuses to retire a township office', async () => {
    const office = `township-office-${TOWNSHIP}`;
    const r = await as('commander', 'POST', `/api/v1/units/${office}/retire`, undefined, {
      'if-match': await revisionOf(office),
    });
    expect(r.status).toBe(400);
    expect(pointers(r)).toContain('/retire/0');
    // Units in service still answer to it: each is named.
    expect(pointers(r).some((p) => p.endsWith('/parentId'))).toBe(true);
  });

  it('lets the commander correct a township point inside the district, and measures the circle to it', async () => {
    const other = '511902002';
    const coverageOf = async (code: string) =>
      (
        (await as('commander', 'GET', '/api/v1/coverage')).body.townships as {
          code: string;
          bestEtaSeconds: number;
        }[]
      ).find((t) => t.code === code) as { bestEtaSeconds: number };
    const before = await coverageOf(other);
    expect(before.bestEtaSeconds).toBeGreaterThan((await coverageOf(TOWNSHIP)).bestEtaSeconds);

    const outside = await as('commander', 'PUT', `/api/v1/townships/${other}/point`, {
      lat: 30.6,
      lon: 104.06,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.code).toBe('TOWNSHIP.OUTSIDE_DISTRICT');
    expect((await as('commander', 'PUT', '/api/v1/townships/511999999/point', AT_TOWNSHIP)).status).toBe(404);
    expect((await as('auditor', 'PUT', `/api/v1/townships/${other}/point`, AT_TOWNSHIP)).status).toBe(403);

    // Moved onto the first township's point, where this suite's teams sit: the same best ETA as there.
    const moved = await as('commander', 'PUT', `/api/v1/townships/${other}/point`, AT_TOWNSHIP);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ code: other, point: AT_TOWNSHIP, corrected: true });
    const listed = await as('auditor', 'GET', '/api/v1/townships');
    expect(listed.body.townships).toContainEqual(
      expect.objectContaining({ code: other, point: AT_TOWNSHIP }),
    );
    expect((await coverageOf(other)).bestEtaSeconds).toBe((await coverageOf(TOWNSHIP)).bestEtaSeconds);
    const [event] = await app.infra.database.dataSource.query(
      `SELECT envelope FROM outbox WHERE envelope ->> 'type' = 'TownshipPointCorrected'`,
    );
    expect(event.envelope.payload).toMatchObject({ townshipCode: other, to: AT_TOWNSHIP });
    expect(event.envelope.actor).toMatchObject({ name: 'commander' });
  });
});
