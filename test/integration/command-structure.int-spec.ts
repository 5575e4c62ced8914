import 'reflect-metadata';
import { DataSource, EntityManager, MigrationInterface } from 'typeorm';
import {
  BAZHOU,
  BAZHOU_COMMAND_STRUCTURE,
  BAZHOU_HAZARD_SEED,
  BAZHOU_RESCUE_TEAMS,
  CommandUnit,
  RescueTeam,
  SAMPLE_PLAN,
  TieredResponsePlan,
  UNIT_KINDS,
  UnitIds,
  validatePlan,
  verifyPassword,
} from '@erp/domain';
import {
  CommandStructureRepository,
  createDataSource,
  DEMO_SOURCE_ID,
  migrate,
  MIGRATIONS,
  RescueTeamRepository,
  ResponsePlanRepository,
  seedCommandStructure,
  seedDemoDistrict,
} from '@erp/persistence';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';

const creds = { sourceId: DEMO_SOURCE_ID, sourceKey: 'demo-key-for-tests', password: 'demo-password' };
const TEAMS = BAZHOU_RESCUE_TEAMS.length;
const UNITS = BAZHOU_COMMAND_STRUCTURE.units.length + TEAMS;

/** A township team, a district team and the township office above the first. */
const TOWNSHIP = '511902105';
const TOWNSHIP_TEAM = `team-${TOWNSHIP}-township`;
const DISTRICT_TEAM = 'team-district-rescue';

function planVersion(version: string): TieredResponsePlan {
  return { ...SAMPLE_PLAN, planVersion: version };
}

describe('command structure, rescue teams and plan versions on real PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;

  /** Sessions of this database waiting on a lock (a row lock or an advisory lock). */
  async function waitingOnLocks(): Promise<number> {
    const [row] = await ds.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row.n;
  }

  /**
   * Runs `first` in a transaction that stays open until `second` (in another transaction) is seen waiting
   * on a lock; then commits it. What `second` returns is what it saw once `first` had committed.
   */
  async function overlapping<A, B>(
    first: (m: EntityManager) => Promise<A>,
    second: (m: EntityManager) => Promise<B>,
  ): Promise<[A, B]> {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const firstDone = new Promise<void>((r) => (started = r));
    const a = ds.transaction(async (m) => {
      const result = await first(m);
      started();
      await released;
      return result;
    });
    await firstDone;
    const b = ds.transaction(second);
    try {
      await eventually(async () => expect(await waitingOnLocks()).toBe(1), 5_000, 20);
    } finally {
      release();
    }
    return Promise.all([a, b]);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ url: db.url, poolSize: 6 });
    await ds.initialize();
    await migrate(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('seeding is idempotent, fills the rows the foundation seed wrote, and loads every unit and team', async () => {
    // What the foundation seed wrote before the structure was stored: bare rows and its own logins.
    await ds.query(
      `INSERT INTO units (id, kind, name, township_code) VALUES
         ('district-command-room', 'committee', '巴州区应急指挥中心', NULL),
         ($1, 'township_office', '旧名称', $2)`,
      [UnitIds.townshipOffice(TOWNSHIP), TOWNSHIP],
    );

    // Services starting together seed at the same time.
    await Promise.all([seedDemoDistrict(ds, creds), seedDemoDistrict(ds, creds)]);
    const seeded = await CommandStructureRepository.contentFingerprint(ds.manager);
    const report = await seedDemoDistrict(ds, creds);
    await seedCommandStructure(ds, 'unused: nothing left to hash for');
    expect(await CommandStructureRepository.contentFingerprint(ds.manager)).toBe(seeded);
    expect(report).toMatchObject({ units: UNITS, teams: TEAMS, sourceId: DEMO_SOURCE_ID });
    expect(report.planVersion).toBe(SAMPLE_PLAN.planVersion);

    const [counts] = await ds.query(
      `SELECT count(*)::int AS units, count(*) FILTER (WHERE kind = 'rescue_team')::int AS teams,
              count(*) FILTER (WHERE contact IS NULL)::int AS bare FROM units`,
    );
    expect(counts).toEqual({ units: UNITS, teams: TEAMS, bare: 0 });

    const { registry, teams } = await CommandStructureRepository.load(ds.manager);
    expect(registry.units).toHaveLength(UNITS);
    for (const unit of BAZHOU_COMMAND_STRUCTURE.units) expect(registry.byId(unit.id)).toEqual(unit);
    const byId = (list: readonly RescueTeam[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(teams)).toEqual(byId(BAZHOU_RESCUE_TEAMS));
    expect(registry.byId(TOWNSHIP_TEAM)).toMatchObject({
      kind: 'rescue_team',
      parentId: UnitIds.townshipOffice(TOWNSHIP),
      team: { id: TOWNSHIP_TEAM, status: 'available' },
    });
    expect(registry.byId(DISTRICT_TEAM)?.parentId).toBe(UnitIds.districtCommandRoom);
    expect(registry.townshipOffice(TOWNSHIP)?.name).toBe('曾口镇应急管理办公室');
    for (const t of BAZHOU.townships) expect(registry.townshipOffice(t.code)?.contact).toBeDefined();
    expect(validatePlan(SAMPLE_PLAN, registry).ok).toBe(true);

    const plans = await ResponsePlanRepository.list(ds.manager);
    expect(plans).toEqual([
      {
        planVersion: SAMPLE_PLAN.planVersion,
        seq: 1,
        publishedAt: expect.any(Date),
        publishedBy: 'seed',
        clauses: SAMPLE_PLAN.clauses.length,
      },
    ]);
  });

  it('seeds a login for every roster member and keeps the demo logins as they were', async () => {
    const users: { username: string; role: string; unit_id: string | null; password_hash: string }[] =
      await ds.query(`SELECT username, role, unit_id, password_hash FROM users`);
    const byName = new Map(users.map((u) => [u.username, u]));
    const members = BAZHOU_COMMAND_STRUCTURE.units.flatMap((u) => u.members.map((m) => [u.id, m] as const));
    for (const [unitId, member] of members) expect(byName.get(member.userName)?.unit_id).toBe(unitId);
    expect(byName.get('commander')?.role).toBe('commander');
    expect(byName.get('auditor')).toMatchObject({ role: 'auditor', unit_id: null });
    expect(byName.get('admin')).toMatchObject({ role: 'administrator', unit_id: null });
    expect(byName.get(`duty-${TOWNSHIP}`)).toMatchObject({
      role: 'duty_officer',
      unit_id: UnitIds.townshipOffice(TOWNSHIP),
    });
    expect(byName.get(`night-${TOWNSHIP}`)?.role).toBe('duty_officer');
    // The sample hazard points' monitors and persons in charge sign in too (officers of their township).
    const hazardPersons = BAZHOU_HAZARD_SEED.flatMap((p) => p.responsiblePersons.map((r) => r.userName));
    expect(byName.get('hz-monitor-511902101-01')).toMatchObject({
      role: 'duty_officer',
      unit_id: UnitIds.townshipOffice('511902101'),
    });
    expect(users).toHaveLength(
      new Set([...members.map(([, m]) => m.userName), 'auditor', 'admin', ...hazardPersons]).size,
    );
    // Each login its own hash (its own salt), every one of the demo password.
    expect(new Set(users.map((u) => u.password_hash)).size).toBe(users.length);
    for (const u of [users[0], byName.get('commander')!, byName.get(`night-${TOWNSHIP}`)!]) {
      expect(await verifyPassword(creds.password, u.password_hash)).toBe(true);
    }
  });

  it('lists units in kind order, filtered by kind or township', async () => {
    const all = await CommandStructureRepository.list(ds.manager);
    const rank = (u: CommandUnit) => UNIT_KINDS.indexOf(u.kind);
    expect(all.map((r) => rank(r.unit))).toEqual([...all.map((r) => rank(r.unit))].sort((a, b) => a - b));
    const offices = await CommandStructureRepository.list(ds.manager, { kind: 'township_office' });
    expect(offices).toHaveLength(BAZHOU.townships.length);
    expect(offices.every((r) => r.team === null && r.revision >= 0)).toBe(true);
    const local = await CommandStructureRepository.list(ds.manager, { townshipCode: TOWNSHIP });
    expect(local[0].unit.id).toBe(UnitIds.townshipOffice(TOWNSHIP));
    expect(local.slice(1).map((r) => r.unit.kind)).toEqual(local.slice(1).map(() => 'rescue_team'));
    expect(local.map((r) => r.unit.id)).toContain(TOWNSHIP_TEAM);
    expect(await CommandStructureRepository.get(ds.manager, 'no-such-unit')).toBeNull();
  });

  it("an operator's edit bumps the revision and the cache key, and survives a re-seed", async () => {
    const before = await CommandStructureRepository.contentFingerprint(ds.manager);
    const officeId = UnitIds.townshipOffice(TOWNSHIP);
    const edited = await ds.transaction(async (m) => {
      const record = await CommandStructureRepository.get(m, officeId, { forUpdate: true });
      const unit: CommandUnit = {
        ...record!.unit,
        contact: { name: '曾口镇应急值班室（新）', phone: '13800009999' },
        roster: [{ kind: 'weekly', userName: `duty-${TOWNSHIP}`, start: '00:00', end: '00:00' }],
      };
      await CommandStructureRepository.update(m, unit);
      return { unit, revision: record!.revision };
    });
    const team = (await CommandStructureRepository.get(ds.manager, TOWNSHIP_TEAM))!;
    // The unit as the registry has it (team included); the status is not the edit's to change.
    await CommandStructureRepository.update(ds.manager, {
      ...team.unit,
      note: '新增冲锋舟一艘',
      team: { ...team.team!, equipment: [...team.team!.equipment, '冲锋舟'], status: 'on_scene' },
    } as CommandUnit);

    await seedDemoDistrict(ds, creds);
    await seedCommandStructure(ds, 'unused');

    const office = (await CommandStructureRepository.get(ds.manager, officeId))!;
    expect(office.unit).toEqual(edited.unit);
    expect(office.revision).toBe(edited.revision + 1);
    const after = (await CommandStructureRepository.get(ds.manager, TOWNSHIP_TEAM))!;
    expect(after.unit.note).toBe('新增冲锋舟一艘');
    expect(after.team?.equipment).toContain('冲锋舟');
    expect(after.team?.status).toBe('available');
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(team.updatedAt.getTime());
    expect(await CommandStructureRepository.contentFingerprint(ds.manager)).not.toBe(before);
    expect((await CommandStructureRepository.load(ds.manager)).registry.byId(officeId)).toEqual(edited.unit);
  });

  it('an update that names an unknown unit or changes its kind is refused', async () => {
    const office = (await CommandStructureRepository.get(ds.manager, UnitIds.townshipOffice(TOWNSHIP)))!;
    await expect(
      CommandStructureRepository.update(ds.manager, { ...office.unit, id: 'township-office-000000000' }),
    ).rejects.toMatchObject({ code: 'COMMAND.UNKNOWN_UNIT' });
    await expect(
      CommandStructureRepository.update(ds.manager, { ...office.unit, kind: 'department' }),
    ).rejects.toMatchObject({ code: 'COMMAND.KIND_CHANGE' });
    const team = (await CommandStructureRepository.get(ds.manager, DISTRICT_TEAM))!;
    await expect(CommandStructureRepository.update(ds.manager, team.unit, null)).rejects.toMatchObject({
      code: 'COMMAND.TEAM_REQUIRED',
    });
  });

  it('a team status changes only from the status the caller saw: a second dispatcher loses', async () => {
    const before = await CommandStructureRepository.contentFingerprint(ds.manager);
    const [first, second] = await overlapping(
      (m) => RescueTeamRepository.setStatus(m, DISTRICT_TEAM, 'available', 'dispatched'),
      (m) => RescueTeamRepository.setStatus(m, DISTRICT_TEAM, 'available', 'dispatched'),
    );
    expect([first, second]).toEqual([true, false]);
    expect((await RescueTeamRepository.statuses(ds.manager)).get(DISTRICT_TEAM)).toBe('dispatched');
    // A status is not content: the kept registry and index frame stay, statuses are read afresh.
    expect(await CommandStructureRepository.contentFingerprint(ds.manager)).toBe(before);
    const loaded = await CommandStructureRepository.load(ds.manager);
    expect(loaded.teams.find((t) => t.id === DISTRICT_TEAM)?.status).toBe('dispatched');
    expect((loaded.registry.byId(DISTRICT_TEAM) as CommandUnit & { team: RescueTeam }).team.status).toBe(
      'dispatched',
    );
    expect(await RescueTeamRepository.setStatus(ds.manager, DISTRICT_TEAM, 'dispatched', 'en_route')).toBe(
      true,
    );
    expect(await RescueTeamRepository.setStatus(ds.manager, 'no-such-team', 'available', 'dispatched')).toBe(
      false,
    );
  });

  it('claim takes only the teams still available, and two claims never share a team', async () => {
    const [a, b, c, d] = [
      'team-district-medical',
      'team-district-forest-fire',
      'team-district-militia',
      'team-district-blue-sky',
    ];
    expect(await RescueTeamRepository.setStatus(ds.manager, b, 'available', 'out_of_service')).toBe(true);
    expect(await RescueTeamRepository.claim(ds.manager, [b, a, DISTRICT_TEAM, 'team-unknown', a])).toEqual([
      a,
    ]);
    expect(await RescueTeamRepository.claim(ds.manager, [])).toEqual([]);
    const [x, y] = await overlapping(
      (m) => RescueTeamRepository.claim(m, [c, d]),
      (m) => RescueTeamRepository.claim(m, [d, c]),
    );
    expect(x).toEqual([c, d]);
    expect(y).toEqual([]);
    const statuses = await RescueTeamRepository.statuses(ds.manager);
    expect([a, b, c, d].map((id) => statuses.get(id))).toEqual([
      'dispatched',
      'out_of_service',
      'dispatched',
      'dispatched',
    ]);
  });

  it('the database refuses a team status that is unknown, missing on a team, or set on another unit', async () => {
    await expect(
      ds.query(`UPDATE units SET team_status = 'lost' WHERE id = $1`, [DISTRICT_TEAM]),
    ).rejects.toThrow(/units_team_status_check/);
    await expect(
      ds.query(`UPDATE units SET team_status = NULL WHERE id = $1`, [DISTRICT_TEAM]),
    ).rejects.toThrow(/units_team_status_check/);
    await expect(
      ds.query(`UPDATE units SET team_status = 'available' WHERE id = $1`, [UnitIds.districtCommandRoom]),
    ).rejects.toThrow(/units_team_status_check/);
    await expect(ds.query(`UPDATE units SET team = NULL WHERE id = $1`, [DISTRICT_TEAM])).rejects.toThrow(
      /units_team_check/,
    );
    await expect(ds.query(`INSERT INTO units (id, kind, name) VALUES ('x', 'brigade', 'x')`)).rejects.toThrow(
      /units_kind_check/,
    );
  });

  it('publishing appends versions in order; the latest is current; a version is published once', async () => {
    const stored = await ResponsePlanRepository.publish(ds.manager, planVersion('seed-2020/3'), 'commander');
    expect(stored).toMatchObject({ seq: 2, publishedBy: 'commander', plan: { planVersion: 'seed-2020/3' } });
    expect((await ResponsePlanRepository.current(ds.manager))?.plan.planVersion).toBe('seed-2020/3');
    expect(await ResponsePlanRepository.currentVersion(ds.manager)).toBe('seed-2020/3');
    const first = await ResponsePlanRepository.byVersion(ds.manager, SAMPLE_PLAN.planVersion);
    expect(first).toMatchObject({ seq: 1, publishedBy: 'seed' });
    expect(first?.plan).toEqual(SAMPLE_PLAN);
    expect(await ResponsePlanRepository.byVersion(ds.manager, 'never')).toBeNull();

    await expect(
      ResponsePlanRepository.publish(ds.manager, planVersion('seed-2020/3'), 'commander'),
    ).rejects.toMatchObject({ code: 'PLAN.VERSION_EXISTS' });
    await expect(
      ResponsePlanRepository.publish(ds.manager, planVersion('seed-2020/2.5'), 'commander'),
    ).rejects.toMatchObject({ code: 'PLAN.VERSION_NOT_LATER' });
    expect((await ResponsePlanRepository.list(ds.manager)).map((p) => [p.seq, p.planVersion])).toEqual([
      [1, 'seed-2020/2'],
      [2, 'seed-2020/3'],
    ]);
  });

  it('two publishers serialise on the lock: the second waits, then appends after the first', async () => {
    const [a, b] = await overlapping(
      (m) => ResponsePlanRepository.publish(m, planVersion('seed-2020/4'), 'a'),
      (m) => ResponsePlanRepository.publish(m, planVersion('seed-2020/5'), 'b'),
    );
    expect([a.seq, b.seq]).toEqual([3, 4]);
    expect((await ResponsePlanRepository.current(ds.manager))?.plan.planVersion).toBe('seed-2020/5');

    const same = await Promise.allSettled([
      ResponsePlanRepository.publish(ds.manager, planVersion('seed-2020/6'), 'a'),
      ResponsePlanRepository.publish(ds.manager, planVersion('seed-2020/6'), 'b'),
    ]);
    expect(same.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(same.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'PLAN.VERSION_EXISTS' },
    });
    expect((await ResponsePlanRepository.list(ds.manager)).map((p) => p.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('the migration goes down and up again', async () => {
    const Migration = MIGRATIONS.find((m) => m.name === 'CommandStructure1764540000000') as
      (new () => MigrationInterface) | undefined;
    expect(Migration).toBeDefined();
    const runner = ds.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    // A later migration adds a column to units: it goes down first, as a rollback would take it.
    const Retirement = MIGRATIONS.find((m) => m.name === 'Retirement1764620000000') as
      (new () => MigrationInterface) | undefined;
    try {
      await new Retirement!().down(runner);
      await new Migration!().down(runner);
      const columns = await runner.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'units' ORDER BY ordinal_position`,
      );
      expect(columns.map((c: { column_name: string }) => c.column_name)).toEqual([
        'id',
        'kind',
        'name',
        'township_code',
        'created_at',
      ]);
      expect(await runner.hasTable('response_plans')).toBe(false);
      await new Migration!().up(runner);
      expect(await runner.hasTable('response_plans')).toBe(true);
      await new Retirement!().up(runner);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
