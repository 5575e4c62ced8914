import { BAZHOU, digestApiKey, SAMPLE_SENSORS, UnitIds } from '@erp/domain';
import { DataSource } from 'typeorm';
import {
  commandStructureSeeded,
  commandStructureSeedReport,
  hashesForNewUsers,
  lockSeeding,
  seedCommandStructureIn,
} from './command-structure.seed';
import { hazardPointUsers, seedHazardPointsIn } from './hazard-points.seed';

export interface DemoCredentials {
  sourceId: string;
  sourceKey: string;
  password: string;
}

export interface SeedReport {
  /** Units the seed defines: the command structure and the rescue teams. */
  units: number;
  /** Every user name the seed makes sure exists: the demo logins, then the roster members. */
  users: string[];
  sourceId: string;
  teams: number;
  planVersion: string;
}

export const DEMO_SOURCE_ID = 'demo-source';

/** The demo logins; each also a roster member of its unit where the command structure names it. */
function demoUsers(): { username: string; display_name: string; role: string; unit_id: string | null }[] {
  return [
    {
      username: 'commander',
      display_name: '区应急指挥长',
      role: 'commander',
      unit_id: UnitIds.districtCommandRoom,
    },
    { username: 'auditor', display_name: '审计员', role: 'auditor', unit_id: null },
    { username: 'admin', display_name: '系统管理员', role: 'administrator', unit_id: null },
    {
      username: 'duty-command-room',
      display_name: '指挥中心值班员',
      role: 'duty_officer',
      unit_id: UnitIds.districtCommandRoom,
    },
    ...BAZHOU.townships.map((t) => ({
      username: `duty-${t.code}`,
      display_name: `${t.name}值班员`,
      role: 'duty_officer',
      unit_id: UnitIds.townshipOffice(t.code),
    })),
  ];
}

/**
 * The sample district on a fresh database: the command structure with its rescue teams and the sample
 * response plan (seedCommandStructure), a commander, an auditor, an administrator, a duty officer for the command room and for
 * each township office (乡镇应急办), a login for every roster member, the sample hazard points (fictional)
 * with a login for each of their responsible persons, sample monitoring sensors at those points
 * (SAMPLE_SENSORS), and a demo alarm source. Idempotent:
 * existing rows are left as they are, so a changed password or an operator's edit is never overwritten by a
 * restart. On a seeded database it costs one query: no password hash, no transaction.
 */
export async function seedDemoDistrict(ds: DataSource, creds: DemoCredentials): Promise<SeedReport> {
  const users = [...demoUsers(), ...hazardPointUsers()];
  const structure = commandStructureSeedReport();
  const report: SeedReport = {
    units: structure.units,
    users: [...new Set([...users.map((u) => u.username), ...structure.members])],
    sourceId: creds.sourceId,
    teams: structure.teams,
    planVersion: structure.planVersion,
  };
  const [seeded]: { users: number; source: boolean }[] = await ds.query(
    `SELECT (SELECT count(*) FROM users WHERE username = ANY($1::text[]))::int AS users,
            EXISTS (SELECT 1 FROM alarm_sources WHERE id = $2) AS source`,
    [users.map((u) => u.username), creds.sourceId],
  );
  if (seeded.users === users.length && seeded.source && (await commandStructureSeeded(ds.manager))) {
    return report;
  }
  // Every user gets a hash of their own (own salt), even where the demo password is the same.
  const hashes = await hashesForNewUsers(ds.manager, report.users, creds.password);
  await ds.transaction(async (m) => {
    await lockSeeding(m);
    // The demo logins go first: the roster names `commander` and the duty officers too, and their roles
    // here (commander, duty officer) are the ones to keep.
    await m.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
       SELECT gen_random_uuid(), r.username, r.display_name, r.password_hash, r.role, r.unit_id
         FROM jsonb_to_recordset($1::jsonb) AS r(username text, display_name text, role text, unit_id text,
              password_hash text)
       ON CONFLICT (username) DO NOTHING`,
      [
        JSON.stringify(
          users
            .filter((u) => hashes.has(u.username))
            .map((u) => ({ ...u, password_hash: hashes.get(u.username) })),
        ),
      ],
    );
    await m.query(
      `INSERT INTO alarm_sources (id, name, key_digest) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
      [creds.sourceId, '演示报警源 demo alarm source', digestApiKey(creds.sourceKey)],
    );
    await seedCommandStructureIn(m, hashes);
    await seedHazardPointsIn(m);
    await m.query(
      `INSERT INTO sensors (id, kind, hazard_point_id, threshold, name, updated_at)
       SELECT r.id, r.kind, r."hazardPointId", r.threshold, r.name, now()
         FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, "hazardPointId" text, threshold float8, name text)
       ON CONFLICT (id) DO NOTHING`,
      [JSON.stringify(SAMPLE_SENSORS)],
    );
  });
  return report;
}
