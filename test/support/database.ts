import { DataSource } from 'typeorm';
import { createDataSource, migrate, PostgresUnitOfWork } from '@erp/persistence';
import { Transaction } from '@erp/domain';
import { createTestDatabase, TestDatabase } from './services';

/** A fresh database with the schema migrated and a DataSource open on it; `close` drops it all. */
export async function migratedDatabase(): Promise<{
  db: TestDatabase;
  ds: DataSource;
  close(): Promise<void>;
}> {
  const db = await createTestDatabase();
  const ds = createDataSource({ url: db.url });
  await ds.initialize();
  await migrate(ds);
  return {
    db,
    ds,
    close: async () => {
      await ds.destroy();
      await db.drop();
    },
  };
}

/** The real unit of work, counting the transactions it runs, those that committed, and the most at once. */
export class CountingUnitOfWork extends PostgresUnitOfWork {
  transactions = 0;
  committed = 0;
  mostAtOnce = 0;
  private running = 0;

  override async run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    this.transactions++;
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.running);
    try {
      const result = await super.run(work);
      this.committed++;
      return result;
    } finally {
      this.running--;
    }
  }

  reset(): void {
    this.transactions = 0;
    this.committed = 0;
    this.mostAtOnce = 0;
  }
}
