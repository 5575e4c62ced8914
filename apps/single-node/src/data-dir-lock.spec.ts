import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataDirInUse, LockHolder, lockDataDir } from './data-dir-lock';
import { identityOf } from './process-identity';

const quiet = () => undefined;

function holderFile(dir: string, holder: Partial<LockHolder> & { pid: number }): string {
  const path = join(dir, 'instance.lock');
  const full = { ...identityOf(holder.pid), startedAt: '2026-11-30T00:00:00.000Z', port: 3000, ...holder };
  writeFileSync(path, `${JSON.stringify(full)}\n`);
  return path;
}

/** The pid of a process that has run and exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;
}

describe('lockDataDir: one running instance owns a data directory', () => {
  let dir: string;
  let sleeper: ChildProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'erp-lock-'));
  });
  afterEach(() => {
    sleeper?.kill('SIGKILL');
    sleeper = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a free directory, names this process in the lock, and releases it', () => {
    const lock = lockDataDir(dir, 3001, quiet);
    const holder = JSON.parse(readFileSync(lock.path, 'utf8')) as LockHolder;
    expect(holder).toMatchObject({ pid: process.pid, port: 3001 });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('refuses while the holder runs, naming it, and leaves its lock as it was', () => {
    sleeper = spawn('sleep', ['30']);
    const path = holderFile(dir, { pid: sleeper.pid!, port: 3007 });
    const before = readFileSync(path, 'utf8');
    expect(() => lockDataDir(dir, 3002, quiet)).toThrow(DataDirInUse);
    expect(() => lockDataDir(dir, 3002, quiet)).toThrow(new RegExp(`pid ${sleeper.pid}.*port 3007`));
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('refuses a second lock in the same process too (the holder is alive)', () => {
    const lock = lockDataDir(dir, 3001, quiet);
    expect(() => lockDataDir(dir, 3002, quiet)).toThrow(DataDirInUse);
    lock.release();
  });

  it('takes over the lock of an instance that died, and says so', () => {
    holderFile(dir, { pid: deadPid() });
    const heard: string[] = [];
    const lock = lockDataDir(dir, 3003, (m) => heard.push(m));
    expect(JSON.parse(readFileSync(lock.path, 'utf8')).pid).toBe(process.pid);
    expect(heard.join()).toContain('took over');
  });

  it('takes over when the pid is alive but is another process (reused pid) or from before a reboot', () => {
    holderFile(dir, { pid: process.pid, startTicks: '1' });
    lockDataDir(dir, 3004, quiet);
    holderFile(dir, { pid: process.pid, bootId: 'another-boot' });
    lockDataDir(dir, 3004, quiet);
    holderFile(dir, { pid: process.pid }); // the same process, alive: refused
    expect(() => lockDataDir(dir, 3004, quiet)).toThrow(DataDirInUse);
  });

  it('takes over a lock file that is not a lock (truncated, junk)', () => {
    writeFileSync(join(dir, 'instance.lock'), '{"pid":');
    expect(() => lockDataDir(dir, 3005, quiet)).not.toThrow();
  });

  it('lets exactly one of several starters racing for a dead instance lock win', async () => {
    holderFile(dir, { pid: deadPid() });
    const racer = `
      const { lockDataDir } = require(${JSON.stringify(resolve(__dirname, 'data-dir-lock.ts'))});
      setTimeout(() => {
        try { lockDataDir(${JSON.stringify(dir)}, 1, () => {}); process.stdout.write('took'); }
        catch (e) { process.stdout.write(e.constructor.name); }
        setTimeout(() => process.exit(0), 1500); // hold the lock while the others look
      }, Number(process.argv[1]) - Date.now());`;
    const at = Date.now() + 4000;
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => {
        const child = spawn(process.execPath, ['-r', '@swc-node/register', '-e', racer, String(at)]);
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        return new Promise<string>((res) => child.on('exit', () => res(out)));
      }),
    );
    expect(outcomes.filter((o) => o === 'took')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'DataDirInUse')).toHaveLength(5);
  }, 120_000);
});
