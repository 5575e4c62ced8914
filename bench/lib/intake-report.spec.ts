import { distribution } from './distribution';
import { IntakeReport } from './intake-figures';
import { renderIntakeReport } from './intake-report';

const none = distribution([]);
const some = distribution([10, 20, 30, 40]);

/** A report as intakeFigures makes it, small: 10 alarms, all handled. */
function report(overrides: Partial<IntakeReport> = {}): IntakeReport {
  const base: IntakeReport = {
    issue: 3,
    startedAt: '2026-11-30T08:00:00.000Z',
    run: 'abc123',
    machine: {
      cpus: 2,
      memoryGb: 4,
      node: 'v20',
      loadAvgAtStart: [0.5, 0.25, 0.125],
      jestProcessesAtStart: 0,
      jestProcessesDuringRunMax: 0,
      machineCpuBusyDuringLoad: 0.5,
      machineCpuBusyDuringDrain: null,
      otherProcessesCpuSecondsDuringLoad: 1.25,
    },
    config: {
      rate: 10,
      seconds: 1,
      drainSeconds: 5,
      maxInFlight: 2000,
      idleSeconds: 10,
      warmUpSeconds: 15,
      targetP99Ms: 200,
    },
    counts: {
      due: 10,
      sent: 10,
      notSentInFlightCap: 0,
      notSentTimeUp: 0,
      accepted: 10,
      refused: {},
      refusalSamples: [],
      acceptedOutsideDistrict: 0,
      expectedHandled: 10,
      handled: 10,
      handledOpened: 7,
      handledJoined: 3,
      notHandledWithinDrain: 0,
      incidentsOpened: 7,
      alarmStatuses: { joined: 10 },
      outboxUnpublishedAfterDrain: 0,
      maxInFlight: 3,
      observedEvents: {},
    },
    throughput: {
      targetPerSecond: 10,
      sentPerSecond: 10,
      acceptedPerSecondInWindow: 10,
      classifiedPerSecondInWindow: 9,
      classifiedPerSecondOverall: 9.6,
      secondsUntilLastHandled: 1.04,
      loadWallSeconds: 2.4,
      drainWallSeconds: 0.5,
      serverPerSecondMax: { intake: 10, relay: 20 },
    },
    latencyMs: {
      acceptedToHandled: some,
      acceptedToHandledAfterWarmUp: none,
      acceptedToClassifiedOpened: some,
      acceptedToJoined: some,
      dueToHandled: some,
      httpDueTo202: some,
      httpSentTo202: some,
      server: {
        openedMinusReceived: some,
        classifiedPublishedMinusReceived: some,
        joinedPublishedMinusReceived: some,
      },
    },
    verdict: { rate: false, p99: true },
    segmentsMs: { 'HTTP: due → 202': some },
    chain: {
      n: 10,
      totalMeanMs: 40,
      acceptedAfterReceivedMeanMs: 2,
      parts: { 'relay 1': { meanMs: 10, p99Ms: 12 } },
    },
    cpu: {
      workWallSeconds: 1.7,
      msPerHandledAlarm: { dispatcher: 1.5 },
      systemMsPerHandledAlarm: 4,
      impliedCeilingPerSecond: 500,
      grossSystemMsPerHandledAlarm: 5,
      grossImpliedCeilingPerSecond: 400,
    },
    postgres: {
      work: { commits: 20, rollbacks: 0, rowsInserted: 40, rowsUpdated: 10, walBytesMachineWide: 2 ** 21 },
      commitsPerAcceptedAlarm: 2,
      rowsInsertedPerAcceptedAlarm: 4,
      rowsUpdatedPerAcceptedAlarm: null,
      sessions: { 'erp-dispatcher': { 'active: on CPU': 0.5, 'idle in transaction': 0.25 } },
      dispatcherTransactionMs: some,
      dispatcherDeliveries: 10,
      dispatcherTransactions: 4,
    },
    timeline: [
      { from: 0, sent: 10, accepted: 10, handled: 9, p99: 40, unpublished: 0, awaitingDispatch: null },
      { from: 5, sent: 0, accepted: 0, handled: 1, p99: null, unpublished: null, awaitingDispatch: 0 },
    ],
    queueWatch: [],
    processes: [
      {
        label: 'dispatcher',
        pids: 1,
        rssMaxMb: 150.4,
        rssLastMb: 140,
        pssMaxMb: null,
        cpuSecondsIdle: 0.5,
        cpuSecondsLoad: 0.6,
        cpuSecondsDrain: 0.1,
      },
    ],
    appLogs: [{ name: 'dispatcher', levels: { warn: 2 }, samples: ['warn: slow'], deadLettered: 0 }],
    ceilings: {
      kafka: {
        messages: 1000,
        produceSeconds: 1,
        producePerSecond: 1000,
        endToEndSeconds: 2,
        endToEndPerSecond: 500,
        consumed: 1000,
        paced: { rate: 10, seconds: 1, produced: 10, consumed: 10, achievedPerSecond: 10, latency: some },
      },
      postgres: {
        clients: 8,
        seconds: 10,
        singleInsert: { count: 100, perSecond: 10, latency: some },
        intakeShaped: { count: 50, perSecond: 5, latency: some },
      },
    },
    ratios: {
      classifiedVsKafkaEndToEnd: 0.0192,
      classifiedVsKafkaProduce: 0.0096,
      classifiedVsPostgresInserts: 0.96,
      acceptedVsPostgresInserts: 1,
      acceptedVsPostgresIntakeShaped: 2,
      p99VsKafkaPacedP99: null,
    },
  };
  return { ...base, ...overrides };
}

describe('renderIntakeReport', () => {
  it('states the target and the verdict of each half', () => {
    const lines = renderIntakeReport(report()).split('\n');
    expect(lines).toContain('TARGET   10/s for 1 s, p99 from 202 to IncidentClassified ≤ 200 ms');
    expect(lines).toContain('VERDICT  rate: NOT MET (10/s handled)   p99: MET (40.0 ms)');
  });

  it('lines up the per-5-s table, with dashes for what was not measured', () => {
    const lines = renderIntakeReport(report()).split('\n');
    const header = lines.findIndex((line) => line.startsWith('  from s    sent'));
    expect(lines[header + 2]).toBe(
      '       0      10        10        9              40.0                   0                         —',
    );
    expect(lines[header + 3]).toBe(
      '       5       0         0        1                 —                   —                         0',
    );
  });

  it('shows CPU as a share of one core, and a dash over too short a time', () => {
    const text = renderIntakeReport(report());
    expect(text).toContain('dispatcher                RSS   150 /   140   CPU   5.0%  25.0%      —');
    expect(text).toContain('dispatcher log lines: warn 2; e.g. warn: slow');
  });

  it('warns when the machine or the topics were shared with a test suite', () => {
    expect(renderIntakeReport(report())).not.toContain('WARNING');
    const shared = report({
      machine: { ...report().machine, jestProcessesAtStart: 2, jestProcessesDuringRunMax: 3 },
    });
    const text = renderIntakeReport(shared);
    expect(text).toContain('; WARNING 2 jest processes were running');
    expect(text).toContain('WARNING  not alone on the shared topics / machine: up to 3 jest processes');
  });

  it('says what each part of the chain costs as a share of the whole', () => {
    expect(renderIntakeReport(report())).toMatch(/ {2}relay 1 +mean +10\.0 {2}\( {1}25\.0%\) {3}p99 +12\.0/);
  });
});
