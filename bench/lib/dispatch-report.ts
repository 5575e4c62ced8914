import { Pool } from 'pg';
import { ClassifiedLoad } from './classified-load';
import { Distribution, distribution } from './distribution';
import { formatLatency, formatOneDecimal } from './figures-format';
import { TaskObserver } from './task-observer';

export interface DispatchSettings {
  rate: number;
  seconds: number;
  warmUpSeconds: number;
  drainSeconds: number;
  teamsReturn: boolean;
  targetP99Ms: number;
}

/** CPU seconds so far of the bench, the dispatcher, the broker and all of PostgreSQL (shared). */
export interface CpuSeconds {
  bench: number;
  dispatcher: number;
  kafkaBroker: number;
  postgres: number;
}

export interface DispatchPeaks {
  dispatcherRssMb: number;
  brokerRssMb: number;
  outboxBacklog: number;
}

export interface DatabaseChecks {
  duplicates: number;
  without_lead: number;
  tasks: number;
  with_team: number;
}

/** Per incident, from the timestamps the dispatcher leaves in PostgreSQL. */
export interface DispatchMarks {
  id: string;
  /** Its transaction's start (the inbox mark's processed_at). */
  begun: number;
  /** Its tasks' recordedAt: the decision made, before the outbox insert. */
  recorded: number;
  /** The relay's transaction start (published_at). */
  relayed: number;
}

export interface DispatchRun {
  runId: string;
  namespace: string;
  settings: DispatchSettings;
  load: ClassifiedLoad;
  cold: ClassifiedLoad;
  cpuBefore: CpuSeconds;
  cpuAfter: CpuSeconds;
  peaks: DispatchPeaks;
  interrupted: boolean;
  observer: TaskObserver;
  marks: DispatchMarks[];
  checks: DatabaseChecks;
  dispatcherLog: { warn: number; error: number; samples: string[] };
}

/** When each incident's TaskDispatched was decided and relayed: `consumer` is the dispatcher's inbox name. */
export async function readDispatchMarks(pool: Pool, consumer: string): Promise<DispatchMarks[]> {
  const { rows } = await pool.query<DispatchMarks>(
    `SELECT o.partition_key AS id, extract(epoch FROM p.processed_at) * 1000 AS begun,
            extract(epoch FROM min((o.envelope->>'recordedAt')::timestamptz)) * 1000 AS recorded,
            extract(epoch FROM min(o.published_at)) * 1000 AS relayed
       FROM outbox o JOIN processed_events p
         ON p.consumer = $1 AND p.event_id = (o.envelope->>'causationId')::uuid
      WHERE o.envelope->>'type' = 'TaskDispatched'
      GROUP BY o.partition_key, p.processed_at`,
    [consumer],
  );
  return rows;
}

/** Duplicate tasks, incidents without a lead task, tasks and incidents with a team, of the incidents named. */
export async function readDatabaseChecks(pool: Pool, incidentIds: string[]): Promise<DatabaseChecks> {
  const { rows } = await pool.query<DatabaseChecks>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM tasks GROUP BY incident_id, unit_id, role
              HAVING count(*) > 1) d) AS duplicates,
            (SELECT count(*)::int FROM incidents i WHERE i.id = ANY($1::uuid[]) AND NOT EXISTS
              (SELECT 1 FROM tasks t WHERE t.incident_id = i.id AND t.role = 'lead')) AS without_lead,
            (SELECT count(*)::int FROM tasks WHERE incident_id = ANY($1::uuid[])) AS tasks,
            (SELECT count(DISTINCT t.incident_id)::int FROM tasks t JOIN units u ON u.id = t.unit_id
              WHERE u.kind = 'rescue_team' AND t.incident_id = ANY($1::uuid[])) AS with_team`,
    [incidentIds],
  );
  return rows[0];
}

export type DispatchFigures = ReturnType<typeof dispatchFigures>;

/** The dispatch bench's figures (the JSON written to bench/results). */
export function dispatchFigures(run: DispatchRun) {
  const { load, observer, settings } = run;
  const produced = load.sent.length;
  const latency = distribution(load.sent.map(load.latencyOf));
  // Per second of load (by due time): a queue building up looks different from scattered stalls.
  const perSecond = Array.from({ length: Math.ceil(produced / settings.rate) }, (_, i) =>
    distribution(load.sent.slice(i * settings.rate, (i + 1) * settings.rate).map(load.latencyOf)),
  );
  const lastTasked = load.sent.reduce(
    (latest, incident) => Math.max(latest, observer.firstTaskAt.get(incident.id) ?? 0),
    load.start,
  );
  const stages: Record<'queued' | 'decided' | 'relayed' | 'observed', number[]> = {
    queued: [],
    decided: [],
    relayed: [],
    observed: [],
  };
  for (const mark of run.marks) {
    const due = load.due.get(mark.id);
    const seenAt = observer.firstTaskAt.get(mark.id);
    if (due === undefined || seenAt === undefined) continue;
    stages.queued.push(mark.begun - due);
    stages.decided.push(mark.recorded - mark.begun);
    stages.relayed.push(mark.relayed - mark.recorded);
    stages.observed.push(seenAt - mark.relayed);
  }
  const ids = load.sent.map((incident) => incident.id);
  const cpu = Object.fromEntries(
    (Object.keys(run.cpuAfter) as (keyof CpuSeconds)[]).map((k) => [k, run.cpuAfter[k] - run.cpuBefore[k]]),
  );
  return {
    run: run.runId,
    namespace: run.namespace,
    at: new Date().toISOString(),
    knobs: {
      RATE: settings.rate,
      SECONDS: settings.seconds,
      WARMUP_SECONDS: settings.warmUpSeconds,
      DRAIN_SECONDS: settings.drainSeconds,
      TEAMS_RETURN: settings.teamsReturn,
    },
    interrupted: run.interrupted,
    produced,
    loadSeconds: load.seconds,
    achievedPerSecond: latency.n / Math.max(load.seconds, (lastTasked - load.start) / 1000),
    latencyMs: latency,
    pass: latency.p99 !== null && latency.p99 < settings.targetP99Ms && latency.n === produced,
    withoutTasksAfterDrain: produced - latency.n,
    coldStartLatencyMs: distribution(run.cold.sent.map(run.cold.latencyOf)),
    stagesMs: {
      queued: distribution(stages.queued),
      decided: distribution(stages.decided),
      relayed: distribution(stages.relayed),
      observed: distribution(stages.observed),
    },
    latencyPerSecondMs: perSecond.map(({ p50, p99, max }) => ({ p50, p99, max })),
    tasksPerIncident: distribution(ids.map((id) => observer.tasks.get(id) ?? 0)),
    incidentsWithTeam: run.checks.with_team,
    incidentsWithBreach: ids.filter((id) => observer.breached.has(id)).length,
    eventsObserved: observer.counts,
    database: {
      tasks: run.checks.tasks,
      duplicateTasks: run.checks.duplicates,
      incidentsWithoutLead: run.checks.without_lead,
    },
    dispatcherLog: run.dispatcherLog,
    cpuSecondsUnderLoad: cpu,
    peaks: run.peaks,
  };
}

/** The worst per-second p99 in each tenth of the load. */
export function worstP99PerTenth(perSecond: readonly { p99: number | null }[]): (number | null)[] {
  const p99s = perSecond.map((second) => second.p99 ?? NaN);
  return [...Array(10).keys()].map(
    (i) =>
      distribution(p99s.slice(Math.floor((i * p99s.length) / 10), Math.floor(((i + 1) * p99s.length) / 10)))
        .max,
  );
}

/** The dispatch bench's report as text lines. */
export function dispatchReportLines(figures: DispatchFigures, settings: DispatchSettings): string[] {
  const one = formatOneDecimal;
  const stage: Distribution[] = [
    figures.stagesMs.queued,
    figures.stagesMs.decided,
    figures.stagesMs.relayed,
    figures.stagesMs.observed,
  ];
  const log = figures.dispatcherLog;
  return [
    `classified → tasks persisted and published (services mode, real Kafka + PostgreSQL), run ${figures.run}`,
    `  load        ${figures.produced} IncidentClassified, ${settings.rate}/s for ${figures.loadSeconds.toFixed(1)} s, open loop, after ${settings.warmUpSeconds} s of warm-up${figures.interrupted ? ' (INTERRUPTED)' : ''}`,
    `  teams       ${settings.teamsReturn ? 'all dispatched teams set back to available every second' : 'never returned (after ~39 incidents, breaches only)'}`,
    `  latency     ${formatLatency(figures.latencyMs)}  target p99 < ${settings.targetP99Ms} ms: ${figures.pass ? 'PASS' : 'FAIL'}`,
    `  over time   worst per-second p99, each tenth of the load: ${worstP99PerTenth(figures.latencyPerSecondMs).map(one).join(' ')}`,
    `  cold start  ${formatLatency(figures.coldStartLatencyMs)} (the warm-up, not counted above)`,
    `  rate        ${figures.achievedPerSecond.toFixed(1)} incidents tasked/s; ${figures.withoutTasksAfterDrain} without tasks after the drain`,
    `  stages      due → dispatcher's transaction begins  ${formatLatency(stage[0])}`,
    `              → decision made, tasks written        ${formatLatency(stage[1])}`,
    `              → committed, relay's pass begins      ${formatLatency(stage[2])}`,
    `              → TaskDispatched at the observer      ${formatLatency(stage[3])}`,
    `  tasks       ${figures.database.tasks} in PostgreSQL; per incident p50 ${one(figures.tasksPerIncident.p50)}, max ${one(figures.tasksPerIncident.max)}`,
    `  incidents   ${figures.incidentsWithTeam} got a rescue team; ${figures.incidentsWithBreach} had a breach predicted`,
    `  events      ${Object.entries(figures.eventsObserved)
      .map(([type, count]) => `${type} ${count}`)
      .join(', ')}`,
    `  checks      duplicate (incident, unit, role): ${figures.database.duplicateTasks}; incidents without a lead task: ${figures.database.incidentsWithoutLead}`,
    `  dispatcher  peak RSS ${figures.peaks.dispatcherRssMb.toFixed(0)} MB; log lines: ${log.warn} warn, ${log.error} error`,
    `  broker      peak RSS ${figures.peaks.brokerRssMb.toFixed(0)} MB; outbox peak backlog ${figures.peaks.outboxBacklog}`,
    `  CPU s       under load: ${Object.entries(figures.cpuSecondsUnderLoad)
      .map(([what, seconds]) => `${what} ${seconds.toFixed(1)}`)
      .join(', ')}`,
    ...log.samples.map((line) => `  log sample  ${line}`),
    `  (a shared 2-core machine: whatever else runs on it shows in these figures)`,
  ];
}
