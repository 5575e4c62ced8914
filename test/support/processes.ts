import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import IORedis from 'ioredis';
import { eventually } from './services';

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export function exited(p: ChildProcess): Promise<number | null> {
  return new Promise((res) =>
    p.exitCode !== null || p.signalCode !== null ? res(p.exitCode) : p.once('exit', res),
  );
}

/** One of the product's built apps in its own process, as a deployment runs it. */
export interface AppProcess {
  url: string;
  output(): string;
  /** SIGKILL (a crash) or SIGTERM (a clean stop); resolves once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `dist/apps/<app>` with `env` on a free port and waits for its /health to answer 200. */
export async function startAppProcess(app: string, env: Record<string, string>): Promise<AppProcess> {
  const entry = resolve(__dirname, `../../dist/apps/${app}/src/main.js`);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: \`npm test\` builds first (pretest)`);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_FORMAT: 'json', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`${app} exited ${child.exitCode}:\n${output}`);
    const r = await fetch(`${url}/health`);
    if (r.status !== 200) throw new Error(`${app} health ${r.status}`);
  }, 60_000);
  return {
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited(child);
    },
  };
}

/** A Redis server of the test's own, so it may lose all its data (FLUSHALL) or go down without touching anyone else's. */
export async function startPrivateRedis(): Promise<{
  url: string;
  flushAll(): Promise<void>;
  /** Stops the server but keeps its port, so `restart` brings the same address back. */
  down(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const admin = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let server: ChildProcess;
  const up = async () => {
    server = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await eventually(async () => {
      if (server.exitCode !== null) throw new Error(`redis-server exited ${server.exitCode}`);
      if (admin.status !== 'ready') await admin.connect().catch(() => undefined);
      await admin.ping();
    }, 10_000);
  };
  const down = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    await exited(server);
  };
  await up();
  return {
    url,
    flushAll: async () => void (await admin.flushall()),
    down,
    restart: up,
    stop: async () => {
      admin.disconnect();
      await down();
    },
  };
}
