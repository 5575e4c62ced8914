import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BAZHOU, UnitIds } from '@erp/domain';
import { digestApiKey, hashPassword } from './credentials';

export interface DemoCredentials {
  sourceId: string;
  sourceKey: string;
  password: string;
}

export interface SeedReport {
  units: number;
  users: string[];
  sourceId: string;
}

export const DEMO_SOURCE_ID = 'demo-source';

/**
 * The sample district on a fresh database: a command room, one emergency office per township (乡镇应急办),
 * a duty officer for each, a commander, an auditor and a demo alarm source. Idempotent: existing rows
 * are left as they are, so a changed password is never overwritten by a restart.
 */
export async function seedDemoDistrict(ds: DataSource, creds: DemoCredentials): Promise<SeedReport> {
  const units = [
    {
      id: UnitIds.districtCommandRoom,
      kind: 'committee',
      name: `${BAZHOU.name}应急指挥中心`,
      townshipCode: null,
    },
    ...BAZHOU.townships.map((t) => ({
      id: UnitIds.townshipOffice(t.code),
      kind: 'township_office',
      name: `${t.name}应急管理办公室`,
      townshipCode: t.code,
    })),
  ];
  const passwordHash = await hashPassword(creds.password);
  const users = [
    {
      username: 'commander',
      displayName: '区应急指挥长',
      role: 'commander',
      unitId: UnitIds.districtCommandRoom,
    },
    { username: 'auditor', displayName: '审计员', role: 'auditor', unitId: null },
    {
      username: 'duty-command-room',
      displayName: '指挥中心值班员',
      role: 'duty_officer',
      unitId: UnitIds.districtCommandRoom,
    },
    ...BAZHOU.townships.map((t) => ({
      username: `duty-${t.code}`,
      displayName: `${t.name}值班员`,
      role: 'duty_officer',
      unitId: UnitIds.townshipOffice(t.code),
    })),
  ];
  await ds.transaction(async (m) => {
    for (const u of units) {
      await m.query(
        `INSERT INTO units (id, kind, name, township_code) VALUES ($1,$2,$3,$4) ON CONFLICT (id) DO NOTHING`,
        [u.id, u.kind, u.name, u.townshipCode],
      );
    }
    for (const u of users) {
      await m.query(
        `INSERT INTO users (id, username, display_name, password_hash, role, unit_id) VALUES ($1,$2,$3,$4,$5,$6)
         ON CONFLICT (username) DO NOTHING`,
        [randomUUID(), u.username, u.displayName, passwordHash, u.role, u.unitId],
      );
    }
    await m.query(
      `INSERT INTO alarm_sources (id, name, key_digest) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING`,
      [creds.sourceId, '演示报警源 demo alarm source', digestApiKey(creds.sourceKey)],
    );
  });
  return { units: units.length, users: users.map((u) => u.username), sourceId: creds.sourceId };
}
