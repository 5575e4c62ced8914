import { formatDistribution, formatMs, formatMsWithUnit, formatShare, percentOf } from './figures-format';
import { IntakeReport } from './intake-figures';

const whole = (value: number) => value.toFixed(0);
const orDash = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

/** The intake bench's report as text, section by section. */
export function renderIntakeReport(report: IntakeReport): string {
  return [
    ...header(report),
    '',
    ...throughputSection(report),
    '',
    ...countsSection(report),
    '',
    ...latencySection(report),
    '',
    ...timelineSection(report),
    '',
    ...processSection(report),
    '',
    ...ceilingSection(report),
    '',
    ...timeSection(report),
  ].join('\n');
}

function header(report: IntakeReport): string[] {
  const machine = report.machine;
  const lines = [
    '════════ Issue 3 · services mode: HTTP intake → incident classified ════════',
    `run ${report.run} at ${report.startedAt}; ${machine.cpus} CPUs; load average at start ${(machine.loadAvgAtStart ?? []).map((load) => load.toFixed(2)).join(' ')}` +
      `${machine.jestProcessesAtStart ? `; WARNING ${machine.jestProcessesAtStart} jest processes were running` : ''}`,
    `machine CPU busy: ${formatShare(machine.machineCpuBusyDuringLoad)} during the load, ${formatShare(machine.machineCpuBusyDuringDrain)} during the drain; ` +
      `processes outside this bench used ${machine.otherProcessesCpuSecondsDuringLoad === null ? '—' : `${machine.otherProcessesCpuSecondsDuringLoad.toFixed(1)} CPU-s`} during the load`,
  ];
  const foreign = report.appLogs.reduce((sum, app) => sum + app.deadLettered, 0);
  if (machine.jestProcessesDuringRunMax || foreign) {
    lines.push(
      `WARNING  not alone on the shared topics / machine: up to ${machine.jestProcessesDuringRunMax} jest processes seen during the run; ` +
        `${foreign} records dead-lettered by our apps (AlarmReceived of other databases, i.e. another run's traffic)`,
    );
  }
  lines.push(
    '',
    `TARGET   ${report.throughput.targetPerSecond}/s for ${report.config.seconds} s, p99 from 202 to IncidentClassified ≤ ${report.config.targetP99Ms} ms`,
    `VERDICT  rate: ${report.verdict.rate ? 'MET' : 'NOT MET'} (${report.throughput.classifiedPerSecondOverall.toFixed(0)}/s handled)   ` +
      `p99: ${report.verdict.p99 ? 'MET' : 'NOT MET'} (${formatMsWithUnit(report.latencyMs.acceptedToHandled.p99)})`,
  );
  return lines;
}

function throughputSection(report: IntakeReport): string[] {
  const throughput = report.throughput;
  const counts = report.counts;
  return [
    '── throughput ──',
    `sent       ${whole(throughput.sentPerSecond)}/s   (${counts.sent} of ${counts.due} due; not sent: ${counts.notSentInFlightCap} at the in-flight cap of ${report.config.maxInFlight}, ${counts.notSentTimeUp} out of time)`,
    `accepted   ${whole(throughput.acceptedPerSecondInWindow)}/s within the ${report.config.seconds} s window   (${counts.accepted} accepted in all)`,
    `classified ${whole(throughput.classifiedPerSecondInWindow)}/s within the window; ${whole(throughput.classifiedPerSecondOverall)}/s overall ` +
      `(${counts.handled} handled by ${throughput.secondsUntilLastHandled.toFixed(1)} s after the start)`,
    `server-side peak per second: ${Object.entries(throughput.serverPerSecondMax)
      .map(([what, count]) => `${what} ${count}`)
      .join(', ')}`,
  ];
}

function countsSection(report: IntakeReport): string[] {
  const counts = report.counts;
  const refused = Object.entries(counts.refused).map(([why, count]) => `${why}×${count}`);
  return [
    '── counts ──',
    `accepted ${counts.accepted}; refused ${refused.length ? refused.join(', ') : 'none'}` +
      `${counts.refusalSamples.length ? ` (e.g. ${counts.refusalSamples[0]})` : ''}`,
    `accepted outside the district (kept, never dispatched) ${counts.acceptedOutsideDistrict}; expected to be handled ${counts.expectedHandled}`,
    `handled ${counts.handled}: opened + classified ${counts.handledOpened}, joined an open incident ${counts.handledJoined}; ` +
      `NOT handled within the drain ${counts.notHandledWithinDrain}`,
    `incidents opened ${counts.incidentsOpened}; alarm statuses ${JSON.stringify(counts.alarmStatuses)}; ` +
      `outbox unpublished after the drain ${counts.outboxUnpublishedAfterDrain}; max in flight ${counts.maxInFlight}`,
  ];
}

function latencySection(report: IntakeReport): string[] {
  const latency = report.latencyMs;
  return [
    '── latency (ms) ──',
    `202 → handled (client, all)          ${formatDistribution(latency.acceptedToHandled)}`,
    `  the same after the first ${report.config.warmUpSeconds} s     ${formatDistribution(latency.acceptedToHandledAfterWarmUp)}`,
    `202 → IncidentClassified (openers)   ${formatDistribution(latency.acceptedToClassifiedOpened)}`,
    `202 → AlarmJoinedIncident (joiners)  ${formatDistribution(latency.acceptedToJoined)}`,
    `due → handled (open loop, all)       ${formatDistribution(latency.dueToHandled)}`,
    `HTTP due → 202                       ${formatDistribution(latency.httpDueTo202)}`,
    `HTTP request issued → 202            ${formatDistribution(latency.httpSentTo202)}`,
    'server side (PostgreSQL timestamps, no client effects):',
    `  incidents.opened_at − alarms.received_at (openers)          ${formatDistribution(latency.server.openedMinusReceived)}`,
    `  IncidentClassified relayed − received_at (openers)          ${formatDistribution(latency.server.classifiedPublishedMinusReceived)}`,
    `  AlarmJoinedIncident relayed − received_at (joiners)         ${formatDistribution(latency.server.joinedPublishedMinusReceived)}`,
  ];
}

function timelineSection(report: IntakeReport): string[] {
  const cell = (value: number | null, width: number) =>
    (value === null ? '—' : String(value)).padStart(width);
  return [
    '── per 5 s, by time since the load started ──',
    '  from s    sent  accepted  handled   p99 202→handled  outbox unpublished  alarms awaiting dispatch',
    '                                     (accepted in window)          (both at the end of the window)',
    ...report.timeline.map(
      (bucket) =>
        `${cell(bucket.from, 8)} ${cell(bucket.sent, 7)} ${cell(bucket.accepted, 9)} ${cell(bucket.handled, 8)} ${formatMs(bucket.p99).padStart(17)} ${cell(bucket.unpublished, 19)} ${cell(bucket.awaitingDispatch, 25)}`,
    ),
  ];
}

function processSection(report: IntakeReport): string[] {
  const loadSeconds = report.throughput.loadWallSeconds;
  const idleSeconds = report.config.idleSeconds;
  // Below 2 s the 10 ms tick granularity makes a percentage meaningless (a drain that ended at once).
  const cpu = (seconds: number | null, over: number) =>
    seconds === null || over < 2 ? '—' : percentOf(seconds, over);
  const lines = [
    `── processes: RSS MB (max / last); CPU as % of one core: at rest (${idleSeconds} s), load (${loadSeconds.toFixed(0)} s), drain ──`,
    ...report.processes.map(
      (row) =>
        `${row.label.padEnd(25)} RSS ${row.rssMaxMb.toFixed(0).padStart(5)} / ${row.rssLastMb.toFixed(0).padStart(5)}` +
        `   CPU ${cpu(row.cpuSecondsIdle, idleSeconds).padStart(6)} ${cpu(row.cpuSecondsLoad, loadSeconds).padStart(6)} ${cpu(row.cpuSecondsDrain, report.throughput.drainWallSeconds).padStart(6)}` +
        `${row.pssMaxMb === null ? '' : `   (${row.pids} processes, PSS max ${row.pssMaxMb.toFixed(0)} MB)`}`,
    ),
    'postgres (all) is every server process on the machine (other databases too); summed RSS counts shared',
    'buffers once per process, PSS does not.',
  ];
  for (const app of report.appLogs) {
    const levels = Object.entries(app.levels)
      .map(([level, count]) => `${level} ${count}`)
      .join(', ');
    if (levels)
      lines.push(
        `${app.name} log lines: ${levels}${app.samples.length ? `; e.g. ${app.samples.join(' | ')}` : ''}`,
      );
  }
  return lines;
}

function ceilingSection(report: IntakeReport): string[] {
  const kafka = report.ceilings.kafka;
  const postgres = report.ceilings.postgres;
  const ratio = report.ratios;
  return [
    '── raw ceilings (same machine, apps stopped) ──',
    `kafkajs, the relay's settings (idempotent, 1 in flight, acks=-1, batches of 500), consumed one message at a time (eachMessage, 3 partitions):`,
    `  flood: ${kafka.messages} alarm payloads produced at ${whole(kafka.producePerSecond)}/s; produce → consume ${whole(kafka.endToEndPerSecond)}/s`,
    `  paced at ${kafka.paced.rate}/s for ${kafka.paced.seconds} s: ${kafka.paced.consumed}/${kafka.paced.produced} consumed (${whole(kafka.paced.achievedPerSecond)}/s); latency ${formatDistribution(kafka.paced.latency)}`,
    `postgres, ${postgres.clients} clients, ${postgres.seconds} s each:`,
    `  single-row INSERT (alarms-like row with jsonb) ${whole(postgres.singleInsert.perSecond)}/s, p99 ${formatMsWithUnit(postgres.singleInsert.latency.p99)}`,
    `  intake-shaped transaction (SELECT + INSERT alarm + INSERT outbox) ${whole(postgres.intakeShaped.perSecond)}/s, p99 ${formatMsWithUnit(postgres.intakeShaped.latency.p99)}`,
    `ratios: pipeline classified/s = ${formatShare(ratio.classifiedVsKafkaEndToEnd)} of kafka produce→consume, ${formatShare(ratio.classifiedVsKafkaProduce)} of kafka produce, ` +
      `${formatShare(ratio.classifiedVsPostgresInserts)} of postgres inserts`,
    `        intake accepted/s = ${formatShare(ratio.acceptedVsPostgresInserts)} of postgres inserts, ${formatShare(ratio.acceptedVsPostgresIntakeShaped)} of intake-shaped transactions; ` +
      `pipeline p99 = ${ratio.p99VsKafkaPacedP99 === null ? '—' : `${ratio.p99VsKafkaPacedP99.toFixed(1)}×`} the paced kafka p99`,
  ];
}

function timeSection(report: IntakeReport): string[] {
  const machine = report.machine;
  const postgres = report.postgres;
  const cpu = report.cpu;
  const loadSeconds = report.throughput.loadWallSeconds;
  const lines = [
    '── where the time goes ──',
    `chain from the intake handler's received_at to the observer (means add up; n=${report.chain.n}, total mean ${formatMsWithUnit(report.chain.totalMeanMs)};` +
      ` the client's 202 comes ${formatMsWithUnit(report.chain.acceptedAfterReceivedMeanMs)} after received_at on average):`,
    ...Object.entries(report.chain.parts).map(
      ([name, part]) =>
        `  ${name.padEnd(58)} mean ${formatMs(part.meanMs).padStart(8)}  (${percentOf(part.meanMs, report.chain.totalMeanMs).padStart(6)})   p99 ${formatMs(part.p99Ms).padStart(8)}`,
    ),
    'segments (p50 / p99 ms; "relay pass" = published_at, the start of the relay transaction that sent it):',
    ...Object.entries(report.segmentsMs).map(
      ([name, segment]) =>
        `  ${name.padEnd(88)} ${formatMs(segment.p50).padStart(8)} / ${formatMs(segment.p99).padStart(8)}  (n=${segment.n})`,
    ),
    `dispatcher: ${postgres.dispatcherDeliveries} AlarmReceived taken in ${postgres.dispatcherTransactions} transactions ` +
      `(${postgres.dispatcherTransactions ? (postgres.dispatcherDeliveries / postgres.dispatcherTransactions).toFixed(1) : '—'} alarms each on average); ` +
      `from a transaction's start to its events recorded, mean ${formatMsWithUnit(postgres.dispatcherTransactionMs.mean)}`,
    `postgres work for the run's database (load + drain): ${postgres.work.commits} commits, ${postgres.work.rowsInserted} rows inserted, ${postgres.work.rowsUpdated} updated ` +
      `= ${orDash(postgres.commitsPerAcceptedAlarm, 1)} commits, ${orDash(postgres.rowsInsertedPerAcceptedAlarm, 1)} inserts, ` +
      `${orDash(postgres.rowsUpdatedPerAcceptedAlarm, 1)} updates per accepted alarm; ` +
      `WAL (machine-wide) ${(postgres.work.walBytesMachineWide / 2 ** 20).toFixed(0)} MB`,
    'postgres sessions per app, average number busy (sampled every 500 ms during load + drain):',
  ];
  for (const [app, what] of Object.entries(postgres.sessions)) {
    const busy = Object.values(what).reduce((sum, share) => sum + share, 0);
    const top = Object.entries(what)
      .slice(0, 4)
      .map(([state, share]) => `${state} ${share.toFixed(2)}`)
      .join(', ');
    lines.push(`  ${app.padEnd(18)} ${busy.toFixed(2)}: ${top}`);
  }
  const busiest = report.processes
    .filter((row) => row.cpuSecondsLoad !== null)
    .sort((a, b) => (b.cpuSecondsLoad ?? 0) - (a.cpuSecondsLoad ?? 0));
  lines.push(
    '  ("idle in transaction" = the session waits for its app between statements: app CPU or its event loop)',
    `CPU during the load, % of one core (${machine.cpus} cores = ${machine.cpus * 100}%): ${busiest
      .map((row) => `${row.label} ${percentOf(row.cpuSecondsLoad ?? 0, loadSeconds)}`)
      .join(', ')}; others on the machine ${
      machine.otherProcessesCpuSecondsDuringLoad === null
        ? '—'
        : percentOf(machine.otherProcessesCpuSecondsDuringLoad, loadSeconds)
    }`,
    `CPU per handled alarm beyond each process's idle burn (load + drain, ${cpu.workWallSeconds.toFixed(0)} s): ` +
      Object.entries(cpu.msPerHandledAlarm)
        .map(([label, ms]) => `${label} ${ms.toFixed(2)} ms`)
        .join(', '),
    `=> the services (bench excluded) need ${cpu.systemMsPerHandledAlarm.toFixed(1)} CPU-ms per alarm beyond idle ` +
      `(${cpu.grossSystemMsPerHandledAlarm.toFixed(1)} ms gross, idle burn included): ${machine.cpus} cores cannot carry more than ` +
      `${cpu.grossImpliedCeilingPerSecond === null ? '—' : whole(cpu.grossImpliedCeilingPerSecond)}–` +
      `${cpu.impliedCeilingPerSecond === null ? '—' : whole(cpu.impliedCeilingPerSecond)} alarms/s ` +
      `(${report.throughput.targetPerSecond}/s needs ≤ ${((machine.cpus * 1000) / report.throughput.targetPerSecond).toFixed(1)} ms, with nothing else on the machine)`,
  );
  return lines;
}
