import { AppLog } from './app-log';
import { AlarmLoad, SentAlarm } from './alarm-load';
import { DatabaseCounters, QueueDepth } from './database-watch';
import { distribution } from './distribution';
import { perSecond } from './figures-format';
import { KafkaCeiling } from './kafka-ceiling';
import { PipelineObserver } from './pipeline-observer';
import { PostgresCeiling } from './postgres-ceiling';
import { cpuPerAlarm, machineFigures, processRows } from './process-figures';
import { ProcessSampler } from './process-sampler';
import { ServerRow, ServerTimestamps } from './server-timestamps';
import { chain, HandledAlarm, segments, serverView, spread } from './time-breakdown';

export interface IntakeSettings {
  rate: number;
  seconds: number;
  drainSeconds: number;
  maxInFlight: number;
  idleSeconds: number;
  warmUpSeconds: number;
  targetP99Ms: number;
}

/** Everything one run of the intake bench collected, for `intakeFigures` to turn into its report. */
export interface IntakeRun {
  settings: IntakeSettings;
  runId: string;
  startedAt: string;
  jestProcessesAtStart: number;
  load: AlarmLoad;
  /** Wall-clock moments: the load's start, the last send, all answers in, the drain's end. */
  start: number;
  sendEnd: number;
  loadEnd: number;
  drainEnd: number;
  observer: PipelineObserver;
  server: ServerTimestamps;
  queueDepths: QueueDepth[];
  sessions: Record<string, Record<string, number>>;
  sampler: ProcessSampler;
  countersBefore: DatabaseCounters;
  countersAfter: DatabaseCounters;
  appLogs: { name: string; log: AppLog }[];
  ceilings: { kafka: KafkaCeiling; postgres: PostgresCeiling };
}

/** Per 5-second window of the run: what went in, what came out, and how long it took. */
export interface TimelineBucket {
  from: number;
  sent: number;
  accepted: number;
  handled: number;
  p99: number | null;
  /** At the end of the window: outbox rows not yet relayed, alarms not yet taken by the dispatcher. */
  unpublished: number | null;
  awaitingDispatch: number | null;
}

export type IntakeReport = ReturnType<typeof intakeFigures>;

/** The intake bench's figures: counts, throughput, latency, where the time goes, CPU, PostgreSQL's work. */
export function intakeFigures(run: IntakeRun) {
  const { settings, load, start, observer, server } = run;
  const alarms = load.alarms;
  const accepted = load.accepted();
  const expected = accepted.filter((alarm) => alarm.dispatchable);
  const sent = alarms.filter((alarm) => !isNaN(alarm.sentAt));
  const notSent = alarms.length - sent.length;
  const neverDue = load.total - alarms.length;
  const windowEnd = start + settings.seconds * 1000;
  const inWindow = (time: number) => time >= start && time <= windowEnd;
  const handled: HandledAlarm[] = expected.flatMap((alarm) => {
    const outcome = observer.handledAt(alarm.alarmId as string);
    return outcome ? [{ alarm, ...outcome }] : [];
  });
  const lastHandled = handled.reduce((latest, outcome) => Math.max(latest, outcome.at), start);
  const sinceAccepted = (list: HandledAlarm[]) =>
    list.map((outcome) => outcome.at - outcome.alarm.acceptedAt);
  const latency = distribution(sinceAccepted(handled));
  const notHandled = expected.length - handled.length;

  const throughput = {
    targetPerSecond: settings.rate,
    sentPerSecond: perSecond(sent.length, (run.sendEnd - start) / 1000),
    acceptedPerSecondInWindow: perSecond(
      accepted.filter((alarm) => inWindow(alarm.acceptedAt)).length,
      settings.seconds,
    ),
    classifiedPerSecondInWindow: perSecond(
      handled.filter((outcome) => inWindow(outcome.at)).length,
      settings.seconds,
    ),
    classifiedPerSecondOverall: perSecond(handled.length, (lastHandled - start) / 1000),
    secondsUntilLastHandled: (lastHandled - start) / 1000,
    loadWallSeconds: (run.loadEnd - start) / 1000,
    drainWallSeconds: (run.drainEnd - run.loadEnd) / 1000,
    serverPerSecondMax: Object.fromEntries(
      Object.entries(server.perSecond).map(([what, counts]) => [what, Math.max(...counts)]),
    ),
  };
  const dispatchableShare = accepted.length ? expected.length / accepted.length : 1;
  const verdict = {
    rate:
      notSent === 0 &&
      neverDue === 0 &&
      Object.keys(load.refused).length === 0 &&
      notHandled === 0 &&
      throughput.classifiedPerSecondOverall >= 0.99 * settings.rate * dispatchableShare,
    p99: latency.p99 !== null && latency.p99 <= settings.targetP99Ms,
  };
  const serverRows = [...server.rows.values()];
  const clientOf = (row: ServerRow): SentAlarm | undefined => {
    const index = load.indexById.get(row.alarmId);
    return index === undefined ? undefined : alarms[index];
  };
  const dispatcherTransactionMs = spread(serverRows, (row) =>
    row.dispatcherRecorded === null || row.dispatchStart === null
      ? null
      : row.dispatcherRecorded - row.dispatchStart,
  );
  const processes = processRows(run.sampler);
  const dbWork = {
    commits: run.countersAfter.commits - run.countersBefore.commits,
    rollbacks: run.countersAfter.rollbacks - run.countersBefore.rollbacks,
    rowsInserted: run.countersAfter.inserted - run.countersBefore.inserted,
    rowsUpdated: run.countersAfter.updated - run.countersBefore.updated,
    walBytesMachineWide: run.countersAfter.walBytes - run.countersBefore.walBytes,
  };
  const perAccepted = (count: number) => (accepted.length ? count / accepted.length : null);
  const { kafka, postgres } = run.ceilings;

  return {
    issue: 3,
    startedAt: run.startedAt,
    run: run.runId,
    machine: machineFigures(run.sampler, processes, throughput.loadWallSeconds, run.jestProcessesAtStart),
    config: settings,
    counts: {
      due: load.total,
      sent: sent.length,
      notSentInFlightCap: notSent,
      notSentTimeUp: neverDue,
      accepted: accepted.length,
      refused: load.refused,
      refusalSamples: load.refusalSamples,
      acceptedOutsideDistrict: accepted.length - expected.length,
      expectedHandled: expected.length,
      handled: handled.length,
      handledOpened: handled.filter((outcome) => outcome.how === 'opened').length,
      handledJoined: handled.filter((outcome) => outcome.how === 'joined').length,
      notHandledWithinDrain: notHandled,
      incidentsOpened: server.incidents,
      alarmStatuses: server.statuses,
      outboxUnpublishedAfterDrain: server.outboxUnpublished,
      maxInFlight: load.mostInFlight,
      observedEvents: observer.counts,
    },
    throughput,
    latencyMs: {
      acceptedToHandled: latency,
      // For information (the verdict counts every alarm): once JIT, pools and group joins have settled.
      acceptedToHandledAfterWarmUp: distribution(
        sinceAccepted(
          handled.filter((outcome) => outcome.alarm.due >= start + settings.warmUpSeconds * 1000),
        ),
      ),
      acceptedToClassifiedOpened: distribution(
        sinceAccepted(handled.filter((outcome) => outcome.how === 'opened')),
      ),
      acceptedToJoined: distribution(sinceAccepted(handled.filter((outcome) => outcome.how === 'joined'))),
      dueToHandled: distribution(handled.map((outcome) => outcome.at - outcome.alarm.due)),
      httpDueTo202: distribution(accepted.map((alarm) => alarm.acceptedAt - alarm.due)),
      httpSentTo202: distribution(accepted.map((alarm) => alarm.acceptedAt - alarm.sentAt)),
      server: serverView(serverRows),
    },
    verdict,
    segmentsMs: segments(serverRows, clientOf, observer, accepted, dispatcherTransactionMs),
    chain: chain(handled, server),
    cpu: cpuPerAlarm(run.sampler, processes, handled.length, {
      wallSeconds: (run.drainEnd - start) / 1000,
      idleSeconds: settings.idleSeconds,
    }),
    postgres: {
      work: dbWork,
      commitsPerAcceptedAlarm: perAccepted(dbWork.commits),
      rowsInsertedPerAcceptedAlarm: perAccepted(dbWork.rowsInserted),
      rowsUpdatedPerAcceptedAlarm: perAccepted(dbWork.rowsUpdated),
      sessions: run.sessions,
      dispatcherTransactionMs,
      dispatcherDeliveries: (server.perSecond.dispatcher ?? []).reduce((sum, count) => sum + count, 0),
      dispatcherTransactions: server.dispatcherTransactions,
    },
    timeline: timeline(run, handled),
    queueWatch: run.queueDepths.map((depth) => ({ ...depth, t: (depth.t - start) / 1000 })),
    processes,
    appLogs: run.appLogs.map(({ name, log }) => ({
      name,
      levels: { ...log.levels },
      samples: [...log.samples],
      deadLettered: log.deadLettered,
    })),
    ceilings: run.ceilings,
    ratios: {
      classifiedVsKafkaEndToEnd: throughput.classifiedPerSecondOverall / kafka.endToEndPerSecond,
      classifiedVsKafkaProduce: throughput.classifiedPerSecondOverall / kafka.producePerSecond,
      classifiedVsPostgresInserts: throughput.classifiedPerSecondOverall / postgres.singleInsert.perSecond,
      acceptedVsPostgresInserts: throughput.acceptedPerSecondInWindow / postgres.singleInsert.perSecond,
      acceptedVsPostgresIntakeShaped: throughput.acceptedPerSecondInWindow / postgres.intakeShaped.perSecond,
      p99VsKafkaPacedP99:
        latency.p99 !== null && kafka.paced.latency.p99 ? latency.p99 / kafka.paced.latency.p99 : null,
    },
  };
}

function timeline(run: IntakeRun, handled: HandledAlarm[]): TimelineBucket[] {
  const { start, load } = run;
  const accepted = load.accepted();
  const lastHandled = handled.reduce((latest, outcome) => Math.max(latest, outcome.at), start);
  const lastAccepted = accepted.reduce((latest, alarm) => Math.max(latest, alarm.acceptedAt), start);
  const horizon = Math.max(lastHandled, lastAccepted, start + run.settings.seconds * 1000);
  const buckets: TimelineBucket[] = [];
  for (let from = start; from < horizon && buckets.length < 400; from += 5000) {
    const to = from + 5000;
    const within = (time: number) => time >= from && time < to;
    const depths = run.queueDepths.filter((depth) => within(depth.t));
    const lastDepth = depths[depths.length - 1];
    buckets.push({
      from: (from - start) / 1000,
      sent: load.alarms.filter((alarm) => within(alarm.sentAt)).length,
      accepted: accepted.filter((alarm) => within(alarm.acceptedAt)).length,
      handled: handled.filter((outcome) => within(outcome.at)).length,
      p99: distribution(
        handled
          .filter((outcome) => within(outcome.alarm.acceptedAt))
          .map((outcome) => outcome.at - outcome.alarm.acceptedAt),
      ).p99,
      unpublished: lastDepth ? lastDepth.unpublished : null,
      awaitingDispatch: lastDepth ? lastDepth.awaitingDispatch : null,
    });
  }
  return buckets;
}
