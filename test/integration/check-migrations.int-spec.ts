import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { MIGRATIONS } from '@erp/persistence';
import { schemaDrift } from '../../libs/persistence/src/cli/check-migrations';
import { SERVICES } from '../support/services';

const CLI = path.resolve(__dirname, '../../dist/libs/persistence/src/cli/check-migrations.js');

async function scratchDatabases(): Promise<string[]> {
  const client = new Client({ connectionString: SERVICES.postgresAdminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'erp_migration_check_%'`,
    );
    return rows.map((row) => row.datname);
  } finally {
    await client.end();
  }
}

/** Runs the built CLI (npm test builds first); answers its exit code and output. */
async function runCli(
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('migration:check', () => {
  it('finds no drift between the migrations and the entities, and leaves no scratch database', async () => {
    const before = await scratchDatabases();
    expect(await schemaDrift(SERVICES.postgresAdminUrl)).toEqual([]);
    expect(await scratchDatabases()).toEqual(before);
  });

  it('lists the SQL still needed when a migration is missing', async () => {
    // The city-report migration alone adds reported_up_at: without it, that column is the drift.
    const withoutOne = MIGRATIONS.filter((m) => m.name !== 'CityReport1764560000000');
    expect(withoutOne).toHaveLength(MIGRATIONS.length - 1);
    const drift = await schemaDrift(SERVICES.postgresAdminUrl, withoutOne);
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.join('\n')).toMatch(/reported_up_at/);
  });

  it('is the built npm script: exit 0 when they agree, 2 without a server to try on', async () => {
    const ok = await runCli({ DATABASE_URL: SERVICES.postgresAdminUrl });
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining('agree') });
    const unset = await runCli({});
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('DATABASE_URL');
  });
});
