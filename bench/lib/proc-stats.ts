import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Linux's USER_HZ: /proc counts CPU time in these ticks. */
export const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime from the text of /proc/<pid>/stat (fields 14 and 15; the command name may hold spaces). */
export function cpuTicksFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Busy and total ticks of the whole machine from the first line of /proc/stat (iowait counts as idle). */
export function machineTicksFromStat(cpuLine: string): { busy: number; total: number } {
  const ticks = cpuLine.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, ticks) => sum + ticks, 0);
  const idle = ticks[3] + ticks[4];
  return { busy: total - idle, total };
}

function readProc(pid: number | string, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null; // the process is gone
  }
}

/** CPU ticks a process has used so far; null once it is gone. */
export function cpuTicksOf(pid: number): number | null {
  const stat = readProc(pid, 'stat');
  return stat === null ? null : cpuTicksFromStat(stat);
}

/** CPU seconds a process has used so far; 0 once it is gone. */
export function cpuSecondsOf(pid: number | undefined): number {
  return pid === undefined ? 0 : (cpuTicksOf(pid) ?? 0) / CLOCK_TICKS_PER_SECOND;
}

/** Resident set size in kB; null once the process is gone. */
export function rssKbOf(pid: number | undefined): number | null {
  const status = pid === undefined ? null : readProc(pid, 'status');
  const match = status === null ? null : /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) : null;
}

/** Proportional set size in kB: shared pages divided among the processes sharing them. */
export function pssKbOf(pid: number): number | null {
  const rollup = readProc(pid, 'smaps_rollup');
  const match = rollup === null ? null : /^Pss:\s+(\d+) kB/m.exec(rollup);
  return match ? Number(match[1]) : null;
}

export function machineTicks(): { busy: number; total: number } {
  return machineTicksFromStat(readFileSync('/proc/stat', 'utf8').split('\n')[0]);
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** Processes whose name is exactly `name` (as `pgrep -x`). */
export function pidsNamed(name: string): number[] {
  return allPids().filter((pid) => readProc(pid, 'comm')?.trim() === name);
}

/** Processes whose command line contains `part` (as `pgrep -f`), this one excepted. */
export function pidsRunning(part: string): number[] {
  return allPids().filter(
    (pid) => pid !== process.pid && (readProc(pid, 'cmdline') ?? '').replace(/\0/g, ' ').includes(part),
  );
}

/**
 * CPU seconds of one PostgreSQL server so far: its postmaster, the backends alive now, and the backends it
 * has reaped (the postmaster's cutime and cstime), so a connection that closes mid-run still counts. Other
 * servers on the machine (an embedded one of a test) are left out.
 */
export function postgresServerCpuSeconds(postmasterPid: number): number {
  const fieldsOf = (pid: number) => {
    const stat = readProc(pid, 'stat');
    return stat === null
      ? null
      : stat
          .slice(stat.lastIndexOf(')') + 2)
          .split(' ')
          .map(Number);
  };
  const own = fieldsOf(postmasterPid);
  if (!own) return 0;
  let ticks = own[11] + own[12] + own[13] + own[14];
  for (const pid of allPids()) {
    const fields = pid === postmasterPid ? null : fieldsOf(pid);
    if (fields && fields[1] === postmasterPid) ticks += fields[11] + fields[12];
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** The postmaster of the server `dataDirectory` belongs to (`SHOW data_directory`), if running. */
export function postmasterPidOf(dataDirectory: string): number | null {
  try {
    return Number(readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** The local Kafka broker started by deploy/kafka (its state in KAFKA_STATE_DIR, as there), if running. */
export function kafkaBrokerPid(repoRoot: string): number | null {
  const stateDir = process.env.KAFKA_STATE_DIR || path.join(repoRoot, '.kafka');
  try {
    return Number(readFileSync(path.resolve(repoRoot, stateDir, 'broker.pid'), 'utf8').trim()) || null;
  } catch {
    return null;
  }
}
