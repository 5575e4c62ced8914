import { Admin, Consumer, Kafka, LogEntry, logLevel } from 'kafkajs';
// The bench's own clients get the apps' kafkajs idle-timer fix too (loading the adapter applies it).
import '@erp/event-stream';
import { SERVICES } from '../../test/support/services';
import { KAFKAJS_NOTICES } from './kafkajs-notices';
import { progress } from './terminal';
import { sleep } from './wall-clock';

/** A kafkajs client on the local broker whose warnings go to the bench's progress output. */
export function benchKafka(clientId: string): Kafka {
  return new Kafka({
    clientId,
    brokers: SERVICES.kafkaBrokers,
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        if (level <= logLevel.WARN && !KAFKAJS_NOTICES.test(String(log.message)))
          progress(`kafkajs ${clientId}: ${log.message}`);
      },
  });
}

/** Points a new consumer group at the current end of `topic`, so it reads only what comes next. */
export async function startGroupAtEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.setOffsets({
    groupId,
    topic,
    partitions: offsets.map((offset) => ({ partition: offset.partition, offset: offset.high })),
  });
}

/** Resolves once the consumer has joined its group (call before `run`). */
export function groupJoined(consumer: Consumer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`consumer did not join within ${timeoutMs} ms`)),
      timeoutMs,
    );
    consumer.on(consumer.events.GROUP_JOIN, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Records of `topic` the group has not committed yet, over all partitions. */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const partitions = committed[0]?.partitions ?? [];
  let lag = 0;
  for (const end of ends) {
    const mark = partitions.find((partition) => partition.partition === end.partition);
    const at = mark && Number(mark.offset) >= 0 ? Number(mark.offset) : Number(end.low);
    lag += Math.max(0, Number(end.high) - at);
  }
  return lag;
}

/**
 * Waits until none of the groups lags on its topic; after `timeoutMs` answers the lags anyway (empty when
 * caught up). `check` runs between polls (to stop on an interruption).
 */
export async function waitForGroupsToCatchUp(
  admin: Admin,
  groups: readonly { group: string; topic: string }[],
  timeoutMs: number,
  check: () => void,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lags = await Promise.all(groups.map(({ group, topic }) => groupLag(admin, group, topic)));
    check();
    if (lags.every((lag) => lag === 0)) return [];
    if (Date.now() > deadline) return lags;
    await sleep(500);
  }
}
