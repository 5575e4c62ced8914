import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createTestDatabase, eventually, TestDatabase } from '../support/services';
import { exited } from '../support/processes';

/**
 * The release order of a deployment (deploy/k8s): each app's init step waits, as the apps' own role, until
 * the migration job has brought the schema up to its build; the job runs as the schema owner.
 */
const MIGRATE = resolve(__dirname, '../../dist/libs/persistence/src/cli/migrate.js');

function run(args: string[], env: Record<string, string>) {
  let output = '';
  const child = spawn(process.execPath, [MIGRATE, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

describe('npm run migrate: the migration job and the apps waiting for it', () => {
  let db: TestDatabase;
  let appUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase('erp_migrate_cli');
    const url = new URL(db.url);
    url.username = 'erp_app';
    appUrl = url.toString();
  });
  afterAll(() => db?.drop());

  it('the wait holds until the owner has migrated, then lets the app start', async () => {
    const wait = run(['--wait'], { DATABASE_URL: appUrl });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(wait.child.exitCode).toBeNull();
    expect(wait.output()).toMatch(/waiting for the migration job/);

    const job = run([], { DATABASE_OWNER_URL: db.url });
    expect(await exited(job.child)).toBe(0);
    expect(job.output()).toContain('every migration is applied');

    await eventually(() => expect(wait.child.exitCode).toBe(0), 10_000);
    expect(wait.output()).toContain('the schema is up to date');
  }, 60_000);

  it('says what is missing rather than guessing', async () => {
    const job = run([], {});
    expect(await exited(job.child)).toBe(1);
    expect(job.output()).toMatch(/DATABASE_OWNER_URL/);
  });
});
