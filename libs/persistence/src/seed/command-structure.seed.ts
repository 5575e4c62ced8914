import { UnitColumns, unitColumns } from '../repositories/command-structure.repository';
import { DataSource, EntityManager } from 'typeorm';
import {
  BAZHOU_COMMAND_STRUCTURE,
  BAZHOU_RESCUE_TEAMS,
  CommandUnit,
  DomainError,
  hashPasswordForEach,
  RescueTeam,
  rescueTeamUnit,
  SAMPLE_PLAN,
  UnitIds,
  validatePlan,
} from '@erp/domain';

export interface CommandStructureSeedReport {
  /** Units the seed defines, rescue teams included. */
  units: number;
  teams: number;
  /** The roster members' user names the seed makes sure exist. */
  members: string[];
  planVersion: string;
}

/** Every seed takes this transaction-scoped lock ('erp' + 4): services starting together seed one at a time. */
const SEED_LOCK_KEY = 0x65727004;

export async function lockSeeding(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
}

interface MemberUser {
  username: string;
  display_name: string;
  unit_id: string;
}

/** District teams answer to the command room; township and village teams to their township office. */
function parentOf(team: RescueTeam): string {
  return team.level === 'district' || team.townshipCode === undefined
    ? UnitIds.districtCommandRoom
    : UnitIds.townshipOffice(team.townshipCode);
}

interface SeedData {
  units: (UnitColumns & { team_status: string | null })[];
  members: MemberUser[];
  teamUnits: CommandUnit[];
}

/** What the seed writes, computed once per process. */
function seedData(): SeedData {
  const teamUnits = BAZHOU_RESCUE_TEAMS.map((t) => rescueTeamUnit(t, { parentId: parentOf(t) }));
  const units = [
    ...BAZHOU_COMMAND_STRUCTURE.units.map((u) => ({ ...unitColumns(u, null), team_status: null })),
    ...teamUnits.map((u) => ({ ...unitColumns(u, u.team), team_status: u.team.status })),
  ];
  // A user name in two units would get the first unit's; the sample data has none (every name is unique).
  const members = new Map<string, MemberUser>();
  for (const u of BAZHOU_COMMAND_STRUCTURE.units) {
    for (const m of u.members) {
      if (!members.has(m.userName)) {
        members.set(m.userName, { username: m.userName, display_name: m.displayName, unit_id: u.id });
      }
    }
  }
  return { units, members: [...members.values()], teamUnits };
}

let cached: SeedData | undefined;
function data(): SeedData {
  cached ??= seedData();
  return cached;
}

export function commandStructureSeedReport(): CommandStructureSeedReport {
  const { units, members } = data();
  return {
    units: units.length,
    teams: BAZHOU_RESCUE_TEAMS.length,
    members: members.map((m) => m.username),
    planVersion: SAMPLE_PLAN.planVersion,
  };
}

/**
 * True when nothing is left to seed: every unit filled from the structure, every member has a user, a plan is
 * published. One query, so a start-up on a seeded database costs one round trip (and no password hash).
 */
export async function commandStructureSeeded(m: EntityManager): Promise<boolean> {
  const { units, members } = data();
  const [row]: { units: number; users: number; planned: boolean }[] = await m.query(
    `SELECT (SELECT count(*) FROM units WHERE id = ANY($1::text[]) AND contact IS NOT NULL)::int AS units,
            (SELECT count(*) FROM users WHERE username = ANY($2::text[]))::int AS users,
            EXISTS (SELECT 1 FROM response_plans) AS planned`,
    [units.map((u) => u.id), members.map((u) => u.username)],
  );
  return row.units === units.length && row.users === members.length && row.planned;
}

/** Password hashes by user name: each user its own (own salt), made by `hashesForNewUsers`. */
export type PasswordHashes = ReadonlyMap<string, string>;

/**
 * A hash of `password` for each of `usernames` that has no user yet, each with its own salt, computed
 * before the seeding transaction (scrypt takes ~45 ms a hash; an existing user costs nothing).
 */
export async function hashesForNewUsers(
  m: EntityManager,
  usernames: readonly string[],
  password: string,
): Promise<PasswordHashes> {
  const rows: { username: string }[] = await m.query(
    `SELECT username FROM users WHERE username = ANY($1::text[])`,
    [usernames],
  );
  const existing = new Set(rows.map((r) => r.username));
  const missing = [...new Set(usernames)].filter((u) => !existing.has(u));
  const hashes = await hashPasswordForEach(password, missing.length);
  return new Map(missing.map((u, i) => [u, hashes[i]]));
}

/**
 * Seeds inside the caller's transaction (which holds `lockSeeding`). Units are inserted, or filled where the
 * foundation seed left a bare row (no contact); a row filled before is an operator's to change and stays as it
 * is. Members without a user get one (duty officer of their unit) with their own hash from `hashes` (a
 * member missing from it already had a user when the hashes were made).
 */
export async function seedCommandStructureIn(
  m: EntityManager,
  hashes: PasswordHashes,
): Promise<CommandStructureSeedReport> {
  const { units, members, teamUnits } = data();
  await m.query(
    `INSERT INTO units AS u (id, kind, name, township_code, parent_id, contact, members, roster,
                             responsible_for, note, team, team_status)
     SELECT r.id, r.kind, r.name, r.township_code, r.parent_id, r.contact, r.members, r.roster,
            r.responsible_for, r.note, r.team, r.team_status
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, name text, township_code text,
            parent_id text, contact jsonb, members jsonb, roster jsonb, responsible_for jsonb, note text,
            team jsonb, team_status text)
     ON CONFLICT (id) DO UPDATE
        SET kind = EXCLUDED.kind, name = EXCLUDED.name, township_code = EXCLUDED.township_code,
            parent_id = EXCLUDED.parent_id, contact = EXCLUDED.contact, members = EXCLUDED.members,
            roster = EXCLUDED.roster, responsible_for = EXCLUDED.responsible_for, note = EXCLUDED.note,
            team = EXCLUDED.team, team_status = EXCLUDED.team_status,
            revision = u.revision + 1, updated_at = now()
      WHERE u.contact IS NULL`,
    [JSON.stringify(units)],
  );
  const newMembers = members
    .filter((u) => hashes.has(u.username))
    .map((u) => ({ ...u, password_hash: hashes.get(u.username) }));
  await m.query(
    `INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
     SELECT gen_random_uuid(), r.username, r.display_name, r.password_hash, 'duty_officer', r.unit_id
       FROM jsonb_to_recordset($1::jsonb) AS r(username text, display_name text, unit_id text, password_hash text)
     ON CONFLICT (username) DO NOTHING`,
    [JSON.stringify(newMembers)],
  );
  const [{ planned }]: { planned: boolean }[] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM response_plans) AS planned`,
  );
  if (!planned) {
    // Publishing requires a validated plan; a sample plan the sample structure refuses must fail the start.
    const checked = validatePlan(SAMPLE_PLAN, BAZHOU_COMMAND_STRUCTURE.with(teamUnits));
    if (!checked.ok) {
      throw new DomainError('PLAN.INVALID', 'invalid', 'the sample response plan is invalid', {
        errors: checked.errors,
      });
    }
    // Not through ResponsePlanRepository.publish: the first version only goes in while there is none, and
    // ON CONFLICT leaves the table to a publisher that got there first.
    await m.query(
      `INSERT INTO response_plans (plan_version, seq, document, published_by)
       SELECT $1, 1, $2::jsonb, 'seed' WHERE NOT EXISTS (SELECT 1 FROM response_plans)
       ON CONFLICT DO NOTHING`,
      [SAMPLE_PLAN.planVersion, JSON.stringify(SAMPLE_PLAN)],
    );
  }
  return commandStructureSeedReport();
}

/**
 * The sample command structure (BAZHOU_COMMAND_STRUCTURE), the sample rescue teams as units under their
 * township office or the command room, the sample response plan as the first version, and a user per roster
 * member: in one transaction, idempotent, never overwriting what an operator changed.
 */
export async function seedCommandStructure(
  ds: DataSource,
  memberPassword: string,
): Promise<CommandStructureSeedReport> {
  if (await commandStructureSeeded(ds.manager)) return commandStructureSeedReport();
  const hashes = await hashesForNewUsers(
    ds.manager,
    data().members.map((u) => u.username),
    memberPassword,
  );
  return ds.transaction(async (m) => {
    await lockSeeding(m);
    return seedCommandStructureIn(m, hashes);
  });
}
