import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { resolve } from 'node:path';
import { identityOf, isRunning, ProcessIdentity } from './process-identity';

/** What the lock file says about its holder: who, since when, on which port. */
export interface LockHolder extends ProcessIdentity {
  startedAt: string;
  port: number;
}

/** Another running instance holds the data directory. */
export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `数据目录 ${dataDir} 已由运行中的实例使用 (pid ${holder.pid} on ${holder.host}, port ${holder.port}, since ${holder.startedAt}); ` +
        `this data directory belongs to a running instance: stop it first, or give this one another DATA_DIR`,
    );
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. */
  release(): void;
}

const LOCK_FILE = 'instance.lock';
/** A takeover token older than this was left by a starter that died mid-takeover (it lives microseconds). */
const ABANDONED_TOKEN_MS = 10_000;

/**
 * Takes the data directory for this process: one running instance owns it. The lock file names its holder
 * (pid, start time, boot id, host); a second start while the holder runs is refused (DataDirInUse), and a
 * lock left by a crashed instance is taken over.
 *
 * Taking is atomic: our fully written file is hard-linked into place, which fails if a lock exists. Taking
 * over is serialised by an exclusive token named after the dead holder's lock: one starter wins, re-reads
 * the lock to see it is still that dead holder's, and renames its own file over it; any other starter then
 * finds a live holder. (A starter that dies between token and rename leaves a token that is ignored after
 * ten seconds.)
 */
export function lockDataDir(dataDir: string, port: number, log: (message: string) => void): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, LOCK_FILE);
  const mine: LockHolder = { ...identityOf(process.pid), startedAt: new Date().toISOString(), port };
  const content = `${JSON.stringify(mine)}\n`;
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, content, { mode: 0o644 });
  const lock: DataDirLock = {
    path,
    release: () => {
      if (readOrNull(path) === content) unlinkSync(path);
    },
  };
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        linkSync(draft, path);
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = readOrNull(path);
      if (held === null) continue; // released between link and read
      const holder = parseHolder(held);
      if (holder && isRunning(holder)) throw new DataDirInUse(dir, holder);
      if (takeOver(path, held, draft)) {
        log(
          `接管遗留的数据目录锁 took over the lock of a stopped instance (${holder ? `pid ${holder.pid}, since ${holder.startedAt}` : 'unreadable lock'})`,
        );
        return lock;
      }
      sleep(20);
    }
    throw new Error(`数据目录锁无法获得 could not take ${path}: it keeps changing hands`);
  } finally {
    try {
      unlinkSync(draft);
    } catch {
      /* linked or renamed into place */
    }
  }
}

/** Replaces the dead holder's lock (`held`) with ours, unless another starter is doing the same. */
function takeOver(path: string, held: string, draft: string): boolean {
  const token = `${path}.takeover-${hashOf(held)}`;
  try {
    closeSync(openSync(token, 'wx'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    if (ageOf(token) > ABANDONED_TOKEN_MS) unlinkQuietly(token);
    return false;
  }
  try {
    if (readOrNull(path) !== held) return false;
    renameSync(draft, path);
    return true;
  } finally {
    unlinkQuietly(token);
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as LockHolder;
    return Number.isInteger(h.pid) && h.pid > 0 && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function ageOf(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* gone already */
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
