/**
 * `npm run migrate` (after `npm run build`): the schema owner (DATABASE_OWNER_URL) applies every pending
 * migration, then exits; a deployment runs it once per release, before the apps roll (deploy/k8s).
 * `npm run migrate -- --wait`: as the apps' own role (DATABASE_URL), waits until no migration of this build
 * is pending; an app's init step, so a new version never starts on an old schema.
 */
import { loadConfig } from '@erp/config';
import { migrateAsOwner } from '../database';
import { createDataSource } from '../data-source';

const WAIT_POLL_MS = 2_000;

/** Resolves once the database holds every migration this build knows. */
export async function waitForMigrations(
  url: string,
  log: (line: string) => void,
  pollMs = WAIT_POLL_MS,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const dataSource = createDataSource({ url, poolSize: 1, applicationName: 'erp-migrations-wait' });
    let pending: boolean | string;
    try {
      await dataSource.initialize();
      pending = await dataSource.showMigrations();
    } catch (e) {
      // Before the first migration there is no migrations table, and this role may not create it.
      pending = (e as Error).message;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
    }
    if (pending === false) return;
    if (attempt % 15 === 0) {
      log(
        `migrate --wait: ${pending === true ? 'migrations pending' : pending}; waiting for the migration job`,
      );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  if (argv.includes('--wait')) {
    if (!config.databaseUrl) throw new Error('DATABASE_URL: the apps’ connection to wait on');
    await waitForMigrations(config.databaseUrl, say);
    say('migrate --wait: the schema is up to date');
    return 0;
  }
  if (!config.databaseOwnerUrl) throw new Error('DATABASE_OWNER_URL: the schema owner runs the migrations');
  await migrateAsOwner(config.databaseOwnerUrl, 'migrate');
  say('migrate: every migration is applied');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`migrate failed: ${error.message}\n`);
      process.exit(1);
    },
  );
}
