import { EntityManager } from 'typeorm';
import { AttemptCount } from '@erp/domain';
import { preparedQuery } from '../prepared-query';

/** Sign-in attempts per key (user name, address) in fixed windows; one statement per sign-in. */
export const LoginAttemptsRepository = {
  /**
   * Counts one attempt against each key, atomically (so concurrent guesses cannot all slip under the limit),
   * starting a new window where the last one ended; answers each key's count and window end.
   */
  async count(m: EntityManager, keys: string[], now: Date, windowMs: number): Promise<AttemptCount[]> {
    const rows = await preparedQuery<{ key: string; attempts: number; window_ends_at: Date }>(
      m,
      `INSERT INTO login_attempts AS a (key, attempts, window_ends_at)
       SELECT k, 1, $2::timestamptz + make_interval(secs => $3::float8 / 1000)
         FROM unnest($1::text[]) AS u(k) ORDER BY k
       ON CONFLICT (key) DO UPDATE
          SET attempts = CASE WHEN a.window_ends_at <= $2 THEN 1 ELSE a.attempts + 1 END,
              window_ends_at = CASE WHEN a.window_ends_at <= $2 THEN EXCLUDED.window_ends_at
                                    ELSE a.window_ends_at END
       RETURNING key, attempts, window_ends_at`,
      [keys, now, windowMs],
    );
    return rows.map((r) => ({ key: r.key, attempts: r.attempts, windowEndsAt: new Date(r.window_ends_at) }));
  },

  /** A successful sign-in: the user name starts afresh, and the address gets its attempt back. */
  async forgive(m: EntityManager, userKey: string, addressKey: string): Promise<void> {
    await preparedQuery(
      m,
      `WITH gone AS (DELETE FROM login_attempts WHERE key = $1)
       UPDATE login_attempts SET attempts = greatest(attempts - 1, 0) WHERE key = $2`,
      [userKey, addressKey],
    );
  },

  /** Drops windows that ended long ago (names an attacker tried once must not pile up). */
  async prune(m: EntityManager, before: Date): Promise<void> {
    await m.query(`DELETE FROM login_attempts WHERE window_ends_at < $1`, [before]);
  },
};
