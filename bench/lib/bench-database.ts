import { createTestDatabase, TestDatabase } from '../../test/support/services';
import { progress } from './terminal';

/** A fresh database on the machine's PostgreSQL for one run. */
export function createBenchDatabase(prefix: string): Promise<TestDatabase> {
  return createTestDatabase(prefix);
}

/** Drops the run's database, unless BENCH_KEEP_DB asks to keep it for a look afterwards. */
export async function dropBenchDatabase(db: TestDatabase | undefined): Promise<void> {
  if (!db) return;
  if (process.env.BENCH_KEEP_DB) {
    progress(`kept database ${db.name}`);
    return;
  }
  await db.drop().catch((error) => progress(`dropping ${db.name}: ${(error as Error).message}`));
}
