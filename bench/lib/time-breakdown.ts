import { SentAlarm } from './alarm-load';
import { Distribution, distribution, mean } from './distribution';
import { HandledHow, PipelineObserver } from './pipeline-observer';
import { ServerRow, ServerTimestamps } from './server-timestamps';

/** An alarm the observer saw handled: when and how. */
export interface HandledAlarm {
  alarm: SentAlarm;
  at: number;
  how: HandledHow;
}

/** The distribution of a measure over rows, leaving out rows where it is unknown (null). */
export function spread<T>(rows: readonly T[], measure: (row: T) => number | null): Distribution {
  return distribution(rows.map(measure).filter((value): value is number => value !== null));
}

/** Server-side latencies from PostgreSQL's timestamps alone: no client effects. */
export function serverView(rows: ServerRow[]) {
  const openers = rows.filter((row) => row.how === 'opened');
  const joiners = rows.filter((row) => row.how === 'joined');
  return {
    openedMinusReceived: spread(openers, (row) =>
      row.openedAt === null ? null : row.openedAt - row.receivedAt,
    ),
    classifiedPublishedMinusReceived: spread(openers, (row) =>
      row.classifiedPublished === null ? null : row.classifiedPublished - row.receivedAt,
    ),
    joinedPublishedMinusReceived: spread(joiners, (row) =>
      row.joinedPublished === null ? null : row.joinedPublished - row.receivedAt,
    ),
  };
}

/** Each stretch of an alarm's way, measured on its own (p50 / p99 need not add up). */
export function segments(
  rows: ServerRow[],
  clientOf: (row: ServerRow) => SentAlarm | undefined,
  observer: PipelineObserver,
  accepted: SentAlarm[],
  dispatcherTransactionMs: Distribution,
): Record<string, Distribution> {
  const openers = rows.filter((row) => row.how === 'opened');
  const joiners = rows.filter((row) => row.how === 'joined');
  return {
    'HTTP: due → 202 at the client (includes client queueing)': distribution(
      accepted.map((alarm) => alarm.acceptedAt - alarm.due),
    ),
    'HTTP: request issued → 202 (may wait for one of 256 sockets)': distribution(
      accepted.map((alarm) => alarm.acceptedAt - alarm.sentAt),
    ),
    'intake: request issued → received_at (queueing, API-key query, BEGIN, duplicate check)': spread(
      rows,
      (row) => {
        const alarm = clientOf(row);
        return alarm ? row.receivedAt - alarm.sentAt : null;
      },
    ),
    'intake: received_at → 202 at the client (commit + response)': spread(rows, (row) => {
      const alarm = clientOf(row);
      return alarm ? alarm.acceptedAt - row.receivedAt : null;
    }),
    'relay 1: received_at → AlarmReceived relay pass (published_at)': spread(rows, (row) =>
      row.arPublished === null ? null : row.arPublished - row.receivedAt,
    ),
    'Kafka: relay pass → AlarmReceived at the bench observer': spread(rows, (row) => {
      const seenAt = observer.alarmReceivedAt.get(row.alarmId);
      return seenAt === undefined || row.arPublished === null ? null : seenAt - row.arPublished;
    }),
    'dispatcher queue: relay pass → dispatcher transaction start': spread(rows, (row) =>
      row.dispatchStart === null || row.arPublished === null ? null : row.dispatchStart - row.arPublished,
    ),
    'dispatcher transaction: start → its events recorded (≈ COMMIT)': dispatcherTransactionMs,
    'dispatcher work: transaction start → incident opened (openers)': spread(openers, (row) =>
      row.openedAt === null || row.dispatchStart === null ? null : row.openedAt - row.dispatchStart,
    ),
    'relay 2: incident opened → IncidentClassified relay pass': spread(openers, (row) =>
      row.classifiedPublished === null || row.openedAt === null
        ? null
        : row.classifiedPublished - row.openedAt,
    ),
    'relay 2: dispatcher start → AlarmJoinedIncident relay pass (joiners)': spread(joiners, (row) =>
      row.joinedPublished === null || row.dispatchStart === null
        ? null
        : row.joinedPublished - row.dispatchStart,
    ),
    'Kafka: relay pass → IncidentClassified / AlarmJoinedIncident at the observer': spread(rows, (row) => {
      const alarm = clientOf(row);
      const outcome = alarm?.alarmId ? observer.handledAt(alarm.alarmId) : null;
      const published = row.how === 'opened' ? row.classifiedPublished : row.joinedPublished;
      return outcome && published !== null ? outcome.at - published : null;
    }),
  };
}

const CHAIN_PARTS = [
  'relay 1 (commit, wait for a relay pass)',
  'Kafka + dispatcher queue (until its transaction starts)',
  'dispatcher transaction (until its events are recorded)',
  'relay 2 (commit, wait for a relay pass)',
  'Kafka to the observer',
] as const;

/** The chain from the intake handler's received_at to the observer, per handled alarm: its means add up. */
export function chain(handled: HandledAlarm[], server: ServerTimestamps) {
  const parts: number[][] = CHAIN_PARTS.map(() => []);
  const totals: number[] = [];
  const acceptOffsets: number[] = [];
  for (const outcome of handled) {
    const row = outcome.alarm.alarmId ? server.rows.get(outcome.alarm.alarmId) : undefined;
    const published = row?.how === 'opened' ? row.classifiedPublished : row?.joinedPublished;
    if (!row || row.arPublished === null || row.dispatchStart === null || row.dispatcherRecorded === null)
      continue;
    if (published === null || published === undefined) continue;
    [
      row.arPublished - row.receivedAt,
      row.dispatchStart - row.arPublished,
      row.dispatcherRecorded - row.dispatchStart,
      published - row.dispatcherRecorded,
      outcome.at - published,
    ].forEach((ms, k) => parts[k].push(ms));
    totals.push(outcome.at - row.receivedAt);
    acceptOffsets.push(outcome.alarm.acceptedAt - row.receivedAt);
  }
  return {
    n: totals.length,
    totalMeanMs: mean(totals),
    acceptedAfterReceivedMeanMs: mean(acceptOffsets),
    parts: Object.fromEntries(
      CHAIN_PARTS.map((name, k) => [name, { meanMs: mean(parts[k]), p99Ms: distribution(parts[k]).p99 }]),
    ),
  };
}
