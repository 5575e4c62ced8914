/**
 * `npm run migration:check` (after `npm run build`): exits 1, listing the SQL, when the migrations do not
 * build the schema the entities describe. DATABASE_URL names the PostgreSQL server to try it on.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource, migrate, pendingSchemaChanges } from '../data-source';
import { MIGRATIONS } from '../migrations';

/**
 * The SQL that would still make a freshly migrated database match the entities: empty when they agree.
 * Runs `migrations` on a scratch database of `serverUrl`'s server, dropped afterwards.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function schemaDrift(serverUrl: string, migrations: Function[] = MIGRATIONS): Promise<string[]> {
  const name = `erp_migration_check_${randomBytes(4).toString('hex')}`;
  const server = new Client({ connectionString: serverUrl });
  await server.connect();
  try {
    await server.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const dataSource = createDataSource({
        url: url.toString(),
        poolSize: 2, // migrate() holds one connection for its lock while the migrations run on another
        applicationName: 'erp-migration-check',
      });
      dataSource.setOptions({ migrations });
      await dataSource.initialize();
      try {
        await migrate(dataSource);
        return await pendingSchemaChanges(dataSource);
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await server.end();
  }
}

async function main(): Promise<number> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.stderr.write(
      'migration:check: DATABASE_URL must name a PostgreSQL server to try the migrations on\n',
    );
    return 2;
  }
  const drift = await schemaDrift(serverUrl);
  if (!drift.length) {
    process.stdout.write(`migration:check: the ${MIGRATIONS.length} migrations and the entities agree\n`);
    return 0;
  }
  process.stdout.write(
    `migration:check: the entities need SQL no migration runs; add a migration for:\n${drift.join(';\n')};\n`,
  );
  return 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`migration:check failed: ${error.message}\n`);
      process.exit(2);
    },
  );
}
