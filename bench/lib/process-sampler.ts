import os from 'node:os';
import { progress } from './terminal';
import {
  CLOCK_TICKS_PER_SECOND,
  cpuTicksOf,
  machineTicks,
  pidsNamed,
  pidsRunning,
  pssKbOf,
  rssKbOf,
} from './proc-stats';

/** One row of the process table: a label may cover several processes (PostgreSQL's server processes). */
export interface SampledProcess {
  label: string;
  pids: number[];
  rssMaxKb: number;
  rssLastKb: number;
  pssLastKb: number | null;
  pssMaxKb: number | null;
  cpuTicks: number;
  /** CPU ticks, RSS and peaks at each named moment (`mark`). */
  marks: Record<string, number>;
  rssMarksKb: Record<string, number>;
  rssMaxMarksKb: Record<string, number>;
  pssMaxMarksKb: Record<string, number | null>;
}

export const JEST_COMMAND = 'node_modules/.bin/jest';
const POSTGRES_LABEL = 'postgres (all)';

/**
 * Samples RSS (and PSS for PostgreSQL) and CPU time of the bench's processes every second, and at named
 * moments (`mark`), between which CPU seconds are then known per process and for the machine.
 */
export class ProcessSampler {
  readonly processes = new Map<string, SampledProcess>();
  readonly machineMarks: Record<string, { busy: number; total: number }> = {};
  readonly loadAverage: Record<string, number[]> = {};
  /** Most jest processes seen at once while sampling: a test suite running beside the bench. */
  mostJestProcesses = 0;
  private readonly lastTicks = new Map<number, number>();
  private timer?: NodeJS.Timeout;

  constructor(private readonly ownProcesses: () => { label: string; pid: number }[]) {}

  start(): void {
    this.timer = setInterval(() => this.sample(), 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Samples now and remembers the counters under `name` (load-start, load-end…). */
  mark(name: string): void {
    this.sample();
    for (const entry of this.processes.values()) {
      entry.marks[name] = entry.cpuTicks;
      entry.rssMarksKb[name] = entry.rssLastKb;
      entry.rssMaxMarksKb[name] = entry.rssMaxKb;
      entry.pssMaxMarksKb[name] = entry.pssMaxKb;
    }
    this.machineMarks[name] = machineTicks();
    this.loadAverage[name] = os.loadavg();
  }

  /** CPU seconds a labelled process used between two marks. */
  cpuSeconds(label: string, from: string, to: string): number | null {
    const entry = this.processes.get(label);
    if (!entry || entry.marks[from] === undefined || entry.marks[to] === undefined) return null;
    return (entry.marks[to] - entry.marks[from]) / CLOCK_TICKS_PER_SECOND;
  }

  /** The share of the machine's CPU time that was busy between two marks. */
  machineBusy(from: string, to: string): number | null {
    const start = this.machineMarks[from];
    const end = this.machineMarks[to];
    if (!start || !end || end.total === start.total) return null;
    return (end.busy - start.busy) / (end.total - start.total);
  }

  private sample(): void {
    try {
      const targets = this.ownProcesses();
      this.mostJestProcesses = Math.max(this.mostJestProcesses, pidsRunning(JEST_COMMAND).length);
      for (const pid of pidsNamed('postgres')) targets.push({ label: POSTGRES_LABEL, pid });
      for (const pid of pidsNamed('redis-server')) targets.push({ label: 'redis', pid });
      const seen = new Map<string, { rss: number; pss: number | null; pids: number[] }>();
      for (const target of targets) {
        const rssKb = rssKbOf(target.pid);
        if (rssKb === null) continue;
        const entry = this.processes.get(target.label) ?? this.track(target.label);
        const ticks = cpuTicksOf(target.pid);
        if (ticks !== null) {
          const before = this.lastTicks.get(target.pid);
          if (before !== undefined && ticks >= before) entry.cpuTicks += ticks - before;
          this.lastTicks.set(target.pid, ticks);
        }
        const sum = seen.get(target.label) ?? {
          rss: 0,
          pss: target.label === POSTGRES_LABEL ? 0 : null,
          pids: [],
        };
        sum.rss += rssKb;
        sum.pids.push(target.pid);
        if (sum.pss !== null) sum.pss += pssKbOf(target.pid) ?? 0;
        seen.set(target.label, sum);
      }
      for (const [label, sum] of seen) {
        const entry = this.processes.get(label);
        if (!entry) continue;
        entry.pids = sum.pids;
        entry.rssLastKb = sum.rss;
        entry.rssMaxKb = Math.max(entry.rssMaxKb, sum.rss);
        if (sum.pss !== null) {
          entry.pssLastKb = sum.pss;
          entry.pssMaxKb = Math.max(entry.pssMaxKb ?? 0, sum.pss);
        }
      }
    } catch (error) {
      progress(`sampler: ${(error as Error).message}`);
    }
  }

  private track(label: string): SampledProcess {
    const entry: SampledProcess = {
      label,
      pids: [],
      rssMaxKb: 0,
      rssLastKb: 0,
      pssLastKb: null,
      pssMaxKb: null,
      cpuTicks: 0,
      marks: {},
      rssMarksKb: {},
      rssMaxMarksKb: {},
      pssMaxMarksKb: {},
    };
    this.processes.set(label, entry);
    return entry;
  }
}
