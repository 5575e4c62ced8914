import { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/**
 * Takes a transaction-scoped advisory lock on each key, in one round trip, in lock-number order: callers
 * sharing keys wait, never deadlock (docs/decisions/2026-11-30-advisory-locks-by-key.md).
 */
export async function lockKeys(manager: EntityManager, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  await preparedQuery(
    manager,
    `SELECT count(pg_advisory_xact_lock(k))
       FROM (SELECT DISTINCT hashtext(key) AS k FROM unnest($1::text[]) AS u(key) ORDER BY k) keys`,
    [keys],
  );
}
