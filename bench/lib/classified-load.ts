import { Pool } from 'pg';
import { KafkaEventStream } from '@erp/event-stream';
import { BenchIncident, classifiedRecord } from './classified-incidents';
import { driveOpenLoop, OpenLoop } from './open-loop';
import { TaskObserver } from './task-observer';
import { sleep, wallNow } from './wall-clock';

/** A load of IncidentClassified that went out: when each was due, and how long each took to be tasked. */
export interface ClassifiedLoad {
  due: Map<string, number>;
  sent: BenchIncident[];
  /** From due to the first TaskDispatched at the observer; NaN while it has none. */
  latencyOf: (incident: BenchIncident) => number;
  start: number;
  seconds: number;
}

/** Publishes one IncidentClassified per incident, open loop at `rate`, one send in flight (as the relay). */
export async function produceClassified(
  stream: KafkaEventStream,
  incidents: BenchIncident[],
  rate: number,
  observer: TaskObserver,
  stop: () => boolean,
): Promise<ClassifiedLoad> {
  const due = new Map<string, number>();
  const loop = new OpenLoop(incidents.length, rate, wallNow() + 20);
  await driveOpenLoop(
    loop,
    async (from, to) => {
      const batch = incidents.slice(from, to);
      batch.forEach((incident, k) => due.set(incident.id, loop.dueAt(from + k)));
      await stream.publish(batch.map(classifiedRecord));
    },
    { stop },
  );
  return {
    due,
    sent: incidents.filter((incident) => due.has(incident.id)),
    latencyOf: (incident) => (observer.firstTaskAt.get(incident.id) ?? NaN) - (due.get(incident.id) ?? NaN),
    start: loop.startsAt,
    seconds: (wallNow() - loop.startsAt) / 1000,
  };
}

/**
 * Until every incident is tasked, or the dispatcher took `taken` events (its inbox `consumer`), nothing
 * waits in the outbox and the observer has heard nothing for 2 s. Answers whether it got there in time.
 */
export async function drainDispatch(
  pool: Pool,
  consumer: string,
  incidents: BenchIncident[],
  taken: number,
  seconds: number,
  observer: TaskObserver,
  stop: () => boolean,
): Promise<boolean> {
  const sql = `SELECT (SELECT count(*)::int FROM processed_events WHERE consumer = $1) AS taken,
                      (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS unpublished`;
  for (const end = Date.now() + seconds * 1000; Date.now() < end && !stop(); await sleep(250)) {
    if (incidents.every((incident) => observer.firstTaskAt.has(incident.id))) return true;
    const [state] = (await pool.query<{ taken: number; unpublished: number }>(sql, [consumer])).rows;
    if (state.taken >= taken && state.unpublished === 0 && wallNow() - observer.lastArrival > 2000)
      return true;
  }
  return false;
}
