import { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';

/**
 * Takes a transaction-scoped advisory lock on each key (`hashtext` of it), all in one round trip, in the
 * order of the lock numbers themselves, not of the keys (whose hashes may collide): every caller takes
 * locks in one global order, so two transactions sharing keys wait for each other, never deadlock. The
 * ordered subquery is not flattened, so the locks are taken in its order.
 */
export async function lockKeys(m: EntityManager, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  await preparedQuery(
    m,
    `SELECT count(pg_advisory_xact_lock(k))
       FROM (SELECT DISTINCT hashtext(key) AS k FROM unnest($1::text[]) AS u(key) ORDER BY k) keys`,
    [keys],
  );
}
