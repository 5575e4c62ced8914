import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** A running process named so that a reused pid, a reboot or another machine cannot pass for it. */
export interface ProcessIdentity {
  pid: number;
  host: string;
  /** Kernel boot id: after a reboot no process of before is alive. Null off Linux. */
  bootId: string | null;
  /** Start time in clock ticks since boot (/proc/<pid>/stat, field 22): tells a reused pid apart. */
  startTicks: string | null;
}

export function identityOf(pid: number): ProcessIdentity {
  return { pid, host: hostname(), bootId: bootId(), startTicks: startTicksOf(pid) };
}

/** Whether the process `id` names is still running; a process on another host cannot be checked, so it counts as alive. */
export function isRunning(id: ProcessIdentity): boolean {
  if (id.host !== hostname()) return true;
  const boot = bootId();
  if (id.bootId && boot && id.bootId !== boot) return false;
  try {
    process.kill(id.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const ticks = startTicksOf(id.pid);
  return !(id.startTicks && ticks && ticks !== id.startTicks);
}

/** The parent pid of a running process (Linux), or null. */
export function parentOf(pid: number): number | null {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : null;
}

/** The command line of a running process (Linux), or ''. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function startTicksOf(pid: number): string | null {
  const fields = statFields(pid);
  return fields ? fields[19] : null;
}

/** /proc/<pid>/stat after the command name (which may hold spaces): field 3 (state) is index 0. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
