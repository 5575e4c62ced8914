import { randomBytes } from 'node:crypto';
import { benchAlarm } from './alarm-load';
import { Distribution, distribution } from './distribution';
import { formatDistribution, perSecond } from './figures-format';
import { benchKafka, groupJoined } from './kafka-client';
import { driveOpenLoop, OpenLoop } from './open-loop';
import { progress } from './terminal';
import { sleep, wallNow } from './wall-clock';

export interface KafkaCeiling {
  messages: number;
  produceSeconds: number;
  producePerSecond: number;
  endToEndSeconds: number;
  endToEndPerSecond: number;
  consumed: number;
  paced: {
    rate: number;
    seconds: number;
    produced: number;
    consumed: number;
    achievedPerSecond: number;
    latency: Distribution;
  };
}

/** The relay's batch size: the flood produces in batches this large. */
const FLOOD_BATCH = 500;

/**
 * What kafkajs and the broker manage on this machine with no app in the way, on a topic of the run's own
 * with the relay's producer settings: (1) a flood of `count` alarm payloads as fast as they go, (2) the
 * bench's rate, paced open loop for `pacedSeconds`, with the latency of each message.
 */
export async function measureKafkaCeiling(
  runId: string,
  count: number,
  paced: { rate: number; seconds: number },
): Promise<KafkaCeiling> {
  const kafka = benchKafka('bench-raw');
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-raw-${runId}-${randomBytes(3).toString('hex')}`;
  const group = `${topic}-g`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  // The outbox relay's producer settings: idempotent, one request in flight, acks=-1.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: group, allowAutoTopicCreation: false, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const floodSeen = { count: 0, lastAt: 0 };
  const pacedSeen = { count: 0, latencies: [] as number[] };
  const joined = groupJoined(consumer, 60_000);
  await consumer.run({
    // One message at a time, three partitions at once, decoding only: the broker's and kafkajs' own ceiling.
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const arrivedAt = wallNow();
      JSON.parse(message.value?.toString('utf8') ?? '{}');
      const due = message.headers?.due;
      if (due) {
        pacedSeen.count++;
        pacedSeen.latencies.push(arrivedAt - Number(due.toString()));
      } else {
        floodSeen.count++;
        floodSeen.lastAt = arrivedAt;
      }
    },
  });
  await joined;
  try {
    const payloads = Array.from({ length: count }, (_, i) => JSON.stringify(benchAlarm(runId, i).body));

    const floodStart = wallNow();
    const floodDeadline = floodStart + 60_000;
    let produced = 0;
    for (let i = 0; i < count && wallNow() < floodDeadline; i += FLOOD_BATCH) {
      const batch = payloads.slice(i, i + FLOOD_BATCH);
      await producer.send({
        topic,
        acks: -1,
        messages: batch.map((value, k) => ({ key: `k-${i + k}`, value })),
      });
      produced += batch.length;
    }
    const floodEnd = wallNow();
    while (floodSeen.count < produced && wallNow() < floodEnd + 60_000) await sleep(20);
    const flood = {
      messages: produced,
      produceSeconds: (floodEnd - floodStart) / 1000,
      producePerSecond: perSecond(produced, (floodEnd - floodStart) / 1000),
      endToEndSeconds: (floodSeen.lastAt - floodStart) / 1000,
      endToEndPerSecond: perSecond(floodSeen.count, (floodSeen.lastAt - floodStart) / 1000),
      consumed: floodSeen.count,
    };
    progress(
      `raw kafka flood: ${produced} produced at ${flood.producePerSecond.toFixed(0)}/s, ${floodSeen.count} consumed at ${flood.endToEndPerSecond.toFixed(0)}/s`,
    );

    // Open loop at the bench's rate: every due message goes out in the next send (one in flight).
    const loop = new OpenLoop(Math.round(paced.rate * paced.seconds), paced.rate, wallNow() + 20);
    const pacedProduced = await driveOpenLoop(
      loop,
      async (from, to) => {
        const messages = [];
        for (let i = from; i < to; i++) {
          messages.push({
            key: `p-${i}`,
            value: payloads[i % payloads.length] ?? '{}',
            headers: { due: String(loop.dueAt(i)) },
          });
        }
        await producer.send({ topic, acks: -1, messages });
      },
      { deadline: loop.startsAt + paced.seconds * 1000 + 30_000 },
    );
    const pacedEnd = wallNow();
    while (pacedSeen.count < pacedProduced && wallNow() < pacedEnd + 30_000) await sleep(20);
    const pacedSeconds = (wallNow() - loop.startsAt) / 1000;
    const pacedFigures = {
      rate: paced.rate,
      seconds: paced.seconds,
      produced: pacedProduced,
      consumed: pacedSeen.count,
      achievedPerSecond: perSecond(pacedSeen.count, Math.max(paced.seconds, pacedSeconds)),
      latency: distribution(pacedSeen.latencies),
    };
    progress(
      `raw kafka paced: ${pacedProduced} at ${paced.rate}/s, latency ${formatDistribution(pacedFigures.latency)}`,
    );
    return { ...flood, paced: pacedFigures };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
