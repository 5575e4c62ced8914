import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EntityManager } from 'typeorm';

/** Statement names by text: a name is a hash of its text, so one text never gets two names. */
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `erp_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a fixed statement (values in `values`) as a named prepared statement on the manager's connection,
 * parsed once per connection; answers its rows (docs/decisions/2026-11-30-prepared-statements.md).
 */
export async function preparedQuery<R>(
  manager: EntityManager,
  text: string,
  values: readonly unknown[] = [],
): Promise<R[]> {
  const own = manager.queryRunner && !manager.queryRunner.isReleased ? manager.queryRunner : undefined;
  const runner = own ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    const result = await client.query({ name: nameOf(text), text, values: [...values] });
    return result.rows as R[];
  } finally {
    if (!own) await runner.release();
  }
}
