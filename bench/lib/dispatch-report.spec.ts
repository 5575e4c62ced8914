import { BenchIncident } from './classified-incidents';
import { ClassifiedLoad } from './classified-load';
import {
  dispatchFigures,
  DispatchRun,
  dispatchReportLines,
  DispatchSettings,
  worstP99PerTenth,
} from './dispatch-report';
import { TaskObserver } from './task-observer';

const settings: DispatchSettings = {
  rate: 2,
  seconds: 2,
  warmUpSeconds: 1,
  drainSeconds: 5,
  teamsReturn: true,
  targetP99Ms: 100,
};

function incident(id: string): BenchIncident {
  return { id, tier: 'T1_MINOR', type: 'fire', township: '511902001', lat: 31.85, lon: 106.77 };
}

/** Four incidents due every 500 ms from t = 0; the observer saw tasks for the first three. */
function run(): DispatchRun {
  const sent = ['a', 'b', 'c', 'd'].map(incident);
  const observer = new TaskObserver();
  const tasked = new Map([
    ['a', 30],
    ['b', 540],
    ['c', 1_200],
  ]);
  for (const [id, at] of tasked) observer.firstTaskAt.set(id, at);
  observer.tasks.set('a', 2).set('b', 3).set('c', 1);
  observer.breached.add('c');
  observer.counts = { TaskDispatched: 6 };
  const due = new Map(sent.map((x, i) => [x.id, i * 500]));
  const load: ClassifiedLoad = {
    due,
    sent,
    latencyOf: (x) => (observer.firstTaskAt.get(x.id) ?? NaN) - (due.get(x.id) ?? NaN),
    start: 0,
    seconds: 2,
  };
  const zero = { bench: 0, dispatcher: 0, kafkaBroker: 0, postgres: 0 };
  return {
    runId: 'abc123',
    namespace: 'bench-dispatch-abc123',
    settings,
    load,
    cold: { ...load, sent: [] },
    cpuBefore: zero,
    cpuAfter: { bench: 0.5, dispatcher: 2, kafkaBroker: 1, postgres: 3 },
    peaks: { dispatcherRssMb: 180.4, brokerRssMb: 300, outboxBacklog: 7 },
    interrupted: false,
    observer,
    marks: [{ id: 'a', begun: 10, recorded: 15, relayed: 20 }],
    checks: { duplicates: 0, without_lead: 1, tasks: 6, with_team: 2 },
    dispatcherLog: { warn: 1, error: 0, samples: ['warn: claim lost'] },
  };
}

describe('dispatchFigures', () => {
  it('counts from each record’s due time, and fails the run while an incident has no tasks', () => {
    const figures = dispatchFigures(run());
    expect(figures.latencyMs).toMatchObject({ n: 3, p50: 40, max: 200 });
    expect(figures.withoutTasksAfterDrain).toBe(1);
    expect(figures.pass).toBe(false);
    expect(figures.incidentsWithBreach).toBe(1);
    expect(figures.cpuSecondsUnderLoad).toEqual({ bench: 0.5, dispatcher: 2, kafkaBroker: 1, postgres: 3 });
  });

  it('splits the time into stages that add up to the latency', () => {
    const { stagesMs } = dispatchFigures(run());
    expect([stagesMs.queued.p50, stagesMs.decided.p50, stagesMs.relayed.p50, stagesMs.observed.p50]).toEqual([
      10, 5, 5, 10,
    ]);
  });

  it('passes once every incident is tasked within the target', () => {
    const complete = run();
    complete.observer.firstTaskAt.set('c', 1_050).set('d', 1_560);
    expect(dispatchFigures(complete).pass).toBe(true);
  });
});

describe('worstP99PerTenth', () => {
  it('takes the worst second in each tenth, a dash where a tenth has none', () => {
    const seconds = Array.from({ length: 20 }, (_, i) => ({ p99: i === 3 ? null : i }));
    expect(worstP99PerTenth(seconds)).toEqual([1, 2, 5, 7, 9, 11, 13, 15, 17, 19]);
    expect(worstP99PerTenth([{ p99: 5 }])).toEqual([null, null, null, null, null, null, null, null, null, 5]);
  });
});

describe('dispatchReportLines', () => {
  it('writes the verdict, the stages and the checks', () => {
    const lines = dispatchReportLines(dispatchFigures(run()), settings);
    expect(lines[0]).toBe(
      'classified → tasks persisted and published (services mode, real Kafka + PostgreSQL), run abc123',
    );
    expect(lines).toContain(
      '  latency     p50 40.0  p95 200.0  p99 200.0  max 200.0 ms (n=3)  target p99 < 100 ms: FAIL',
    );
    expect(lines).toContain(
      '  checks      duplicate (incident, unit, role): 0; incidents without a lead task: 1',
    );
    expect(lines).toContain(
      '  CPU s       under load: bench 0.5, dispatcher 2.0, kafkaBroker 1.0, postgres 3.0',
    );
    expect(lines).toContain('  log sample  warn: claim lost');
  });
});
