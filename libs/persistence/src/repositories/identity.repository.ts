import { EntityManager } from 'typeorm';
import { AlarmSourceRecord, NewAccount, UserRecord } from '@erp/domain';
import { AlarmSourceEntity, UserEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows } from './rows-in-one-statement';

/** What a retired user's password hash becomes: no scheme verifies it, so nobody signs in as them. */
const RETIRED_HASH = 'retired$';

export const AccountRepository = {
  async accounts(manager: EntityManager, usernames: readonly string[]): Promise<UserRecord[]> {
    if (usernames.length === 0) return [];
    const rows = await readRows(manager, UserEntity, 'username = ANY($1::text[])', [[...usernames]]);
    return rows.map((row) => ({ ...row }));
  },

  async open(manager: EntityManager, accounts: readonly NewAccount[]): Promise<void> {
    if (accounts.length === 0) return;
    await manager.query(
      `INSERT INTO users AS u (id, username, display_name, password_hash, role, unit_id)
       SELECT gen_random_uuid(), r.username, r.display_name, r.password_hash, r.role, r.unit_id
         FROM jsonb_to_recordset($1::jsonb)
           AS r(username text, display_name text, password_hash text, role text, unit_id text)
       ON CONFLICT (username) DO UPDATE
          SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
              role = EXCLUDED.role, unit_id = EXCLUDED.unit_id, retired_at = NULL
        WHERE u.retired_at IS NOT NULL`,
      [
        JSON.stringify(
          accounts.map((a) => ({
            username: a.username,
            display_name: a.displayName,
            password_hash: a.passwordHash,
            role: a.role,
            unit_id: a.unitId,
          })),
        ),
      ],
    );
  },

  async setRole(manager: EntityManager, username: string, role: string): Promise<void> {
    await manager.query(`UPDATE users SET role = $2 WHERE username = $1 AND retired_at IS NULL`, [
      username,
      role,
    ]);
  },

  async retire(manager: EntityManager, usernames: readonly string[]): Promise<void> {
    if (usernames.length === 0) return;
    await manager.query(
      `UPDATE users SET retired_at = now(), password_hash = $2
        WHERE username = ANY($1::text[]) AND retired_at IS NULL`,
      [[...usernames], RETIRED_HASH],
    );
  },
};

export const UserRepository = {
  ...AccountRepository,

  async openFirst(manager: EntityManager, account: NewAccount): Promise<boolean> {
    // One statement: a process that starts at the same moment inserts nothing, whichever of the two
    // (the empty table it saw) or the unique user name stops it.
    const rows: unknown[] = await manager.query(
      `INSERT INTO users (id, username, display_name, password_hash, role, unit_id)
       SELECT gen_random_uuid(), $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM users)
       ON CONFLICT (username) DO NOTHING
       RETURNING id`,
      [account.username, account.displayName, account.passwordHash, account.role, account.unitId],
    );
    return rows.length === 1;
  },

  async byUsername(manager: EntityManager, username: string): Promise<UserRecord | null> {
    const [row] = await readRows(manager, UserEntity, 'username = $1', [username]);
    return row ? { ...row } : null;
  },

  async isHashShared(manager: EntityManager, passwordHash: string): Promise<boolean> {
    const [row] = await preparedQuery<{ shared: boolean }>(
      manager,
      `SELECT count(*) > 1 AS shared FROM users WHERE password_hash = $1`,
      [passwordHash],
    );
    return row.shared;
  },

  async replaceHash(
    manager: EntityManager,
    userId: string,
    previous: string,
    next: string,
  ): Promise<boolean> {
    const rows = await preparedQuery(
      manager,
      `UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3 RETURNING id`,
      [next, userId, previous],
    );
    return rows.length > 0;
  },
};

export const AlarmSourceRepository = {
  async byKeyDigest(manager: EntityManager, keyDigest: string): Promise<AlarmSourceRecord | null> {
    const [row] = await readRows(manager, AlarmSourceEntity, 'key_digest = $1', [keyDigest]);
    return row
      ? { id: row.id, name: row.name, ratePerMinute: row.ratePerMinute, maxBodyBytes: row.maxBodyBytes }
      : null;
  },

  async existing(manager: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await preparedQuery<{ id: string }>(
      manager,
      `SELECT id FROM alarm_sources WHERE id = ANY($1::text[])`,
      [[...ids]],
    );
    return new Set(rows.map((row) => row.id));
  },
};
