import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { runNamespace, SERVICES } from '../../test/support/services';
import { AppLog } from './app-log';
import { builtAppMain, REPO_ROOT } from './repo-paths';
import { sleep } from './wall-clock';

export const BENCH_JWT_SECRET = 'bench-jwt-secret-0123456789abcdef';
const HEALTH_TIMEOUT_MS = 90_000;

export interface LaunchedApp {
  name: string;
  port: number;
  child: ChildProcess;
  log: AppLog;
  /** How it exited ('code 0', 'signal SIGTERM'); null while it runs. */
  exited: string | null;
}

export interface LaunchOptions {
  databaseUrl: string;
  /** The run's KAFKA_NAMESPACE; its TIMER_QUEUE follows from it. */
  namespace: string;
  /** Settings beyond the common ones (Redis, fetch wait, NODE_OPTIONS…). */
  env?: Record<string, string>;
  /** Node's own flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** Refuses to bench a stale or missing build. */
export function requireBuiltApps(names: readonly string[]): void {
  for (const name of names) {
    const main = builtAppMain(name);
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  }
}

/** Starts built apps as child processes in services mode, each on a free port, and stops them all. */
export class AppLauncher {
  readonly apps: LaunchedApp[] = [];

  constructor() {
    // Whatever way the bench ends, no app outlives it.
    process.on('exit', () => {
      for (const app of this.running()) app.child.kill('SIGKILL');
    });
  }

  async launch(name: string, options: LaunchOptions): Promise<LaunchedApp> {
    const port = await freePort();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), builtAppMain(name)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        DATABASE_URL: options.databaseUrl,
        KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
        JWT_SECRET: BENCH_JWT_SECRET,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        KAFKA_CLIENT_ID: 'bench',
        ...runNamespace(options.namespace),
        ...options.env,
      },
    });
    const app: LaunchedApp = { name, port, child, log: new AppLog(), exited: null };
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => app.log.read(line));
    }
    child.on('exit', (code, signal) => (app.exited = signal ? `signal ${signal}` : `code ${code}`));
    this.apps.push(app);
    return app;
  }

  /** Polls /health until it answers 200; fails with the app's last lines if it exits or the time is up. */
  async waitHealthy(app: LaunchedApp): Promise<void> {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    let last = 'no answer';
    while (Date.now() < deadline && !app.exited) {
      try {
        const res = await fetch(`http://127.0.0.1:${app.port}/health`, { signal: AbortSignal.timeout(3000) });
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return;
      } catch (error) {
        last = (error as Error).message;
      }
      await sleep(250);
    }
    const why = app.exited ? `exited, ${app.exited}` : `last: ${last.slice(0, 300)}`;
    throw new Error(
      `${app.name} not healthy on :${app.port} (${why}); its output, last lines:\n${app.log.tail()}`,
    );
  }

  /** SIGTERM, 20 s to stop cleanly, then SIGKILL. */
  async stopAll(): Promise<void> {
    const alive = this.running();
    for (const app of alive) app.child.kill('SIGTERM');
    await this.waitForExit(alive, 20_000);
    for (const app of alive) if (!app.exited) app.child.kill('SIGKILL');
    await this.waitForExit(alive, 5000);
  }

  private running(): LaunchedApp[] {
    return this.apps.filter((app) => !app.exited);
  }

  private async waitForExit(apps: LaunchedApp[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (apps.some((app) => !app.exited) && Date.now() < deadline) await sleep(50);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
