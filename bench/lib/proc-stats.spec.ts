import { spawnSync } from 'node:child_process';
import {
  cpuSecondsOf,
  cpuTicksFromStat,
  machineTicksFromStat,
  postgresServerCpuSeconds,
  rssKbOf,
} from './proc-stats';

describe('/proc parsing', () => {
  it('reads utime + stime after a command name that holds spaces and parentheses', () => {
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 567 0 0 20 0 11 0';
    expect(cpuTicksFromStat(stat)).toBe(1234 + 567);
  });

  it('counts idle and iowait as idle, and leaves guest time (already in user) out of the total', () => {
    const ticks = machineTicksFromStat('cpu  100 5 50 800 40 3 2 0 999 999');
    expect(ticks).toEqual({ total: 1000, busy: 160 });
  });

  it('reads this process, and nothing of one that does not exist', () => {
    expect(rssKbOf(process.pid)).toBeGreaterThan(1000);
    expect(cpuSecondsOf(process.pid)).toBeGreaterThan(0);
    expect(rssKbOf(2 ** 30)).toBeNull();
    expect(cpuSecondsOf(2 ** 30)).toBe(0);
  });

  it('counts a server’s children after they exit, as PostgreSQL’s reaped backends', () => {
    const before = postgresServerCpuSeconds(process.pid);
    // A child that burns 300 ms of CPU (its own CPU clock: a wall-clock loop gets less on a busy machine)
    // and is reaped by this process: its time moves into our cutime.
    const burn =
      'const c = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; }; while (c() < 300);';
    spawnSync(process.execPath, ['-e', burn]);
    expect(postgresServerCpuSeconds(process.pid) - before).toBeGreaterThanOrEqual(0.2);
    expect(postgresServerCpuSeconds(2 ** 30)).toBe(0);
  });
});
