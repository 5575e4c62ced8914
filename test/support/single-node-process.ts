import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { call } from './http';
import { eventually } from './services';
import { exited, freePort } from './processes';

/** The built entry point `npm start` runs (`npm test` builds first, in pretest). */
export const SINGLE_NODE_ENTRY = resolve(__dirname, '../../dist/apps/single-node/src/main.js');

export { exited, freePort };

/**
 * The product as `npm start` runs it, in its own process: embedded PostgreSQL in a fresh data folder,
 * on free ports, with the given settings. Start it again on the same folder to test a restart.
 */
export class SingleNodeProcess {
  child: ChildProcess | undefined;
  output = '';

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly pgPort: number,
    private readonly env: Record<string, string>,
  ) {}

  static async create(env: Record<string, string>): Promise<SingleNodeProcess> {
    const dataDir = mkdtempSync(join(tmpdir(), 'erp-single-node-'));
    // Run as root, the embedded server drops to the `postgres` user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
    return new SingleNodeProcess(dataDir, await freePort(), await freePort(), env);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts it and waits until /health answers 200. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, [SINGLE_NODE_ENTRY], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        EMBEDDED_PG_PORT: String(this.pgPort),
        LOG_FORMAT: 'json',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    await eventually(
      async () => {
        if (child.exitCode !== null) throw new Error(`single node exited ${child.exitCode}:\n${this.output}`);
        if ((await call(this.base, 'GET', '/health')).status !== 200) throw new Error('not healthy yet');
      },
      90_000,
      250,
    ).catch((e) => {
      throw new Error(`${(e as Error).message}\n--- output ---\n${this.output.slice(-4000)}`);
    });
  }

  /** Kills it (SIGKILL leaves its PostgreSQL running; `cleanup` stops that). */
  async kill(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child!;
    child.kill(signal);
    return exited(child);
  }

  /** Leaves nothing running and nothing on disk. */
  async cleanup(): Promise<void> {
    if (this.child && this.child.exitCode === null) await this.kill('SIGKILL');
    const pidFile = join(this.dataDir, 'postgres', 'postmaster.pid');
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        /* already gone */
      }
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
