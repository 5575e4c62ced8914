import { EntityManager } from 'typeorm';
import { AlarmSourceRecord, UserRecord } from '@erp/domain';
import { AlarmSourceEntity, UserEntity } from '../entities';
import { preparedQuery } from '../prepared-query';
import { readRows } from './rows-in-one-statement';

export const UserRepository = {
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

  async replaceHash(manager: EntityManager, userId: string, previous: string, next: string): Promise<void> {
    await preparedQuery(manager, `UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, [
      next,
      userId,
      previous,
    ]);
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
