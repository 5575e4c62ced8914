import os from 'node:os';
import { ProcessSampler } from './process-sampler';

export interface ProcessRow {
  label: string;
  pids: number;
  rssMaxMb: number;
  rssLastMb: number;
  pssMaxMb: number | null;
  cpuSecondsIdle: number | null;
  cpuSecondsLoad: number | null;
  cpuSecondsDrain: number | null;
}

/** Memory and CPU of each process over the pipeline's part of the run (the raw ceilings come later). */
export function processRows(sampler: ProcessSampler): ProcessRow[] {
  return [...sampler.processes.values()].map((entry) => {
    const pssMaxKb = entry.pssMaxMarksKb['drain-end'] ?? entry.pssMaxKb;
    return {
      label: entry.label,
      pids: entry.pids.length,
      rssMaxMb: (entry.rssMaxMarksKb['drain-end'] ?? entry.rssMaxKb) / 1024,
      // "last": at the end of the drain, before the apps are stopped.
      rssLastMb: (entry.rssMarksKb['drain-end'] ?? entry.rssLastKb) / 1024,
      pssMaxMb: pssMaxKb === null ? null : pssMaxKb / 1024,
      cpuSecondsIdle: sampler.cpuSeconds(entry.label, 'idle-start', 'load-start'),
      cpuSecondsLoad: sampler.cpuSeconds(entry.label, 'load-start', 'load-end'),
      cpuSecondsDrain: sampler.cpuSeconds(entry.label, 'load-end', 'drain-end'),
    };
  });
}

/** CPU per handled alarm: net of each process's idle burn, and gross; and the ceiling they imply. */
export function cpuPerAlarm(
  sampler: ProcessSampler,
  processes: ProcessRow[],
  handled: number,
  period: { wallSeconds: number; idleSeconds: number },
) {
  const cores = os.cpus().length;
  const workWallSeconds = period.wallSeconds;
  const alarms = Math.max(1, handled);
  const workSeconds = (label: string) => sampler.cpuSeconds(label, 'load-start', 'drain-end');
  const net = processes
    .flatMap((row) => {
      const work = workSeconds(row.label);
      const idlePerSecond = row.cpuSecondsIdle === null ? 0 : row.cpuSecondsIdle / period.idleSeconds;
      if (work === null) return [];
      return [
        { label: row.label, ms: (1000 * Math.max(0, work - idlePerSecond * workWallSeconds)) / alarms },
      ];
    })
    .sort((a, b) => b.ms - a.ms);
  const isService = (label: string) => !label.startsWith('bench');
  const systemMs = net.filter((part) => isService(part.label)).reduce((sum, part) => sum + part.ms, 0);
  // Gross: everything the services burnt from the load's start to the drain's end, idle burn included.
  const grossMs =
    (1000 *
      processes
        .filter((row) => isService(row.label))
        .reduce((sum, row) => sum + (workSeconds(row.label) ?? 0), 0)) /
    alarms;
  return {
    workWallSeconds,
    msPerHandledAlarm: Object.fromEntries(net.map((part) => [part.label, part.ms])),
    systemMsPerHandledAlarm: systemMs,
    impliedCeilingPerSecond: systemMs > 0 ? (cores * 1000) / systemMs : null,
    grossSystemMsPerHandledAlarm: grossMs,
    grossImpliedCeilingPerSecond: grossMs > 0 ? (cores * 1000) / grossMs : null,
  };
}

/** The machine during the run: its CPU busy, and what processes outside the bench used of it. */
export function machineFigures(
  sampler: ProcessSampler,
  processes: ProcessRow[],
  loadWallSeconds: number,
  jestProcessesAtStart: number,
) {
  const busyDuringLoad = sampler.machineBusy('load-start', 'load-end');
  const measuredDuringLoad = processes.reduce((sum, row) => sum + (row.cpuSecondsLoad ?? 0), 0);
  return {
    cpus: os.cpus().length,
    memoryGb: os.totalmem() / 2 ** 30,
    node: process.version,
    loadAvgAtStart: sampler.loadAverage['load-start'],
    jestProcessesAtStart,
    jestProcessesDuringRunMax: sampler.mostJestProcesses,
    machineCpuBusyDuringLoad: busyDuringLoad,
    machineCpuBusyDuringDrain: sampler.machineBusy('load-end', 'drain-end'),
    otherProcessesCpuSecondsDuringLoad:
      busyDuringLoad === null
        ? null
        : busyDuringLoad * os.cpus().length * loadWallSeconds - measuredDuringLoad,
  };
}
