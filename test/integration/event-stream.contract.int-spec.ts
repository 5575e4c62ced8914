import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { Envelope, Topics } from '@erp/contracts';
import {
  BatchHandler,
  consumeEvents,
  DecodedEvent,
  eachRecord,
  EventStream,
  InProcessEventStream,
  KafkaEventStream,
  MAX_BATCH_RECORDS,
  StreamRecord,
  Subscription,
} from '@erp/event-stream';
import { dropRunNamespace, eventually, SERVICES, uniqueSuffix } from '../support/services';

/**
 * One contract, every adapter: the in-process stream (single-node default) must behave as Kafka does
 * for everything the application relies on.
 */
interface Harness {
  stream: EventStream;
  topicA: string;
  topicB: string;
  /** Removes what the run left on shared services (its namespaced topics and groups). */
  drop?: () => Promise<void>;
}

const adapters: [string, () => Promise<Harness>][] = [
  [
    'in-process',
    async () => {
      const stream = new InProcessEventStream();
      await stream.start();
      return { stream, topicA: 'contract.a', topicB: 'contract.b' };
    },
  ],
  [
    'kafka',
    async () => {
      // Its own namespace on the shared broker, dropped afterwards: no topics left behind by each run.
      const namespace = `contract-${uniqueSuffix()}`;
      const stream = new KafkaEventStream({
        brokers: SERVICES.kafkaBrokers,
        clientId: namespace,
        topics: ['contract.a', 'contract.b', Topics.deadLetter],
        namespace,
      });
      await stream.start();
      return { stream, topicA: 'contract.a', topicB: 'contract.b', drop: () => dropRunNamespace(namespace) };
    },
  ],
];

function alarmEnvelope(key: string, n: number): Envelope {
  const alarmId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'AlarmReceived',
    version: 1,
    key,
    incidentId: null,
    occurredAt: new Date().toISOString(),
    recordedAt: new Date().toISOString(),
    correlationId: alarmId,
    causationId: null,
    actor: { kind: 'source', id: 'contract' },
    payload: {
      alarmId,
      source: 'contract',
      externalId: `n-${n}`,
      type: 'fire',
      occurredAt: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      townshipCode: '511902001',
      location: null,
      description: `record ${n}`,
    },
  };
}

const silent = { warn: () => undefined, error: () => undefined };

describe.each(adapters)('event stream contract: %s', (_name, make) => {
  let h: Harness;
  const subscriptions: Subscription[] = [];
  /** Most tests look at records one by one; the batches themselves are checked below. */
  const subscribe = async (group: string, topics: string[], handler: (r: StreamRecord) => Promise<void>) => {
    const s = await h.stream.subscribe(group, topics, eachRecord(handler));
    subscriptions.push(s);
    return s;
  };
  const subscribeBatches = async (group: string, topics: string[], handler: BatchHandler) => {
    const s = await h.stream.subscribe(group, topics, handler);
    subscriptions.push(s);
    return s;
  };

  /** A consumer of AlarmReceived on topic A (through `consumeEvents`), taking those of one key. */
  const consumeAlarms = async (key: string, take: (e: DecodedEvent) => void) => {
    subscriptions.push(
      await consumeEvents(h.stream, {
        group: `c-${uniqueSuffix()}`,
        topics: [h.topicA],
        types: ['AlarmReceived'],
        log: silent,
        handle: async (e) => void (e.key === key && take(e)),
      }),
    );
  };

  beforeAll(async () => {
    h = await make();
  }, 60_000);

  // A Kafka consumer leaves its group on stop, which can take seconds on a busy 2-core machine.
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
  }, 30_000);

  afterAll(async () => {
    await h.stream.stop();
    await h.drop?.();
  }, 30_000);

  it('delivers a published record unchanged to a subscriber', async () => {
    const got: StreamRecord[] = [];
    await subscribe(`g-${uniqueSuffix()}`, [h.topicA], async (r) => void got.push(r));
    const value = JSON.stringify(alarmEnvelope('k1', 1));
    await h.stream.publish([{ topic: h.topicA, key: 'k1', value }]);
    const [record] = await eventually(() => {
      expect(got.length).toBeGreaterThanOrEqual(1);
      return got;
    }, 30_000);
    expect(record).toEqual({ topic: h.topicA, key: 'k1', value });
    expect(await h.stream.isHealthy()).toBe(true);
  }, 60_000);

  it('carries an event type beside the value, by which consumers pass over types they do not want', async () => {
    const key = `typed-${uniqueSuffix()}`;
    const got: StreamRecord[] = [];
    await subscribe(`g-${uniqueSuffix()}`, [h.topicA], async (r) => void (r.key === key && got.push(r)));
    const handled: string[] = [];
    await consumeAlarms(key, (e) => handled.push(e.eventId));
    // The first value is a wanted type, but the type beside it says otherwise: it is passed over unread.
    const [passedOver, taken, untyped] = [1, 2, 3].map((n) => alarmEnvelope(key, n));
    await h.stream.publish([
      { topic: h.topicA, key, value: JSON.stringify(passedOver), type: 'IncidentOpened' },
      { topic: h.topicA, key, value: JSON.stringify(taken), type: 'AlarmReceived' },
      { topic: h.topicA, key, value: JSON.stringify(untyped) },
    ]);
    await eventually(() => {
      expect(handled).toEqual([taken.eventId, untyped.eventId]);
      expect(got.map((r) => r.type)).toEqual(['IncidentOpened', 'AlarmReceived', undefined]);
    }, 30_000);
  }, 60_000);

  it('resumes a group after a stop past what it handled: nothing handled is delivered again', async () => {
    const group = `g-${uniqueSuffix()}`;
    const key = `resume-${uniqueSuffix()}`;
    const seen: string[] = [];
    const first = await h.stream.subscribe(
      group,
      [h.topicA],
      eachRecord(async (r) => void (r.key === key && seen.push(r.value))),
    );
    await h.stream.publish(['1', '2', '3'].map((value) => ({ topic: h.topicA, key, value })));
    await eventually(() => expect(seen).toEqual(['1', '2', '3']), 30_000);
    await first.stop(); // well within the interval offsets are otherwise committed at
    await subscribe(group, [h.topicA], async (r) => void (r.key === key && seen.push(r.value)));
    await h.stream.publish([{ topic: h.topicA, key, value: '4' }]);
    await eventually(() => expect(seen).toEqual(['1', '2', '3', '4']), 30_000);
  }, 90_000);

  it('starts a new group told to start at the latest record after what was published before it', async () => {
    const key = `latest-${uniqueSuffix()}`;
    await h.stream.publish([{ topic: h.topicA, key, value: 'before' }]);
    const seen: string[] = [];
    subscriptions.push(
      await h.stream.subscribe(
        `g-${uniqueSuffix()}`,
        [h.topicA],
        eachRecord(async (r) => void (r.key === key && seen.push(r.value))),
        { startAt: 'latest' },
      ),
    );
    await h.stream.publish([{ topic: h.topicA, key, value: 'after' }]);
    await eventually(() => expect(seen).toEqual(['after']), 30_000);
  }, 60_000);

  it('keeps the order of one key, across separate publishes', async () => {
    const seen: number[] = [];
    const key = `incident-${uniqueSuffix()}`;
    await subscribe(`g-${uniqueSuffix()}`, [h.topicA], async (r) => {
      if (r.key === key) seen.push(Number(r.value));
    });
    for (let batch = 0; batch < 5; batch++) {
      await h.stream.publish(
        Array.from({ length: 10 }, (_, i) => ({ topic: h.topicA, key, value: String(batch * 10 + i) })),
      );
    }
    await eventually(() => expect(seen).toHaveLength(50), 30_000);
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
  }, 60_000);

  it('gives every consumer group every record, on every subscribed topic', async () => {
    const byGroup: Record<string, string[]> = { one: [], two: [] };
    const tag = uniqueSuffix();
    for (const g of Object.keys(byGroup)) {
      await subscribe(`${g}-${tag}`, [h.topicA, h.topicB], async (r) => {
        if (r.key === tag) byGroup[g].push(`${r.topic}:${r.value}`);
      });
    }
    await h.stream.publish([
      { topic: h.topicA, key: tag, value: 'x' },
      { topic: h.topicB, key: tag, value: 'y' },
    ]);
    await eventually(() => {
      expect(byGroup.one.sort()).toEqual([`${h.topicA}:x`, `${h.topicB}:y`]);
      expect(byGroup.two.sort()).toEqual([`${h.topicA}:x`, `${h.topicB}:y`]);
    }, 30_000);
  }, 60_000);

  it('delivers a record again when its handler throws (at least once)', async () => {
    const key = `retry-${uniqueSuffix()}`;
    let attempts = 0;
    const handled: string[] = [];
    await subscribe(`g-${uniqueSuffix()}`, [h.topicA], async (r) => {
      if (r.key !== key) return;
      attempts++;
      if (attempts === 1) throw new Error('transient failure');
      handled.push(r.value);
    });
    // In-process, the failure surfaces to the publisher (the outbox relay), which publishes again.
    await h.stream
      .publish([{ topic: h.topicA, key, value: 'once' }])
      .catch(() => h.stream.publish([{ topic: h.topicA, key, value: 'once' }]));
    await eventually(() => expect(handled).toEqual(['once']), 40_000);
    expect(attempts).toBe(2);
  }, 60_000);

  it('hands records over in batches of at most MAX_BATCH_RECORDS, in order, more than one at a time', async () => {
    const key = `batch-${uniqueSuffix()}`;
    const sizes: number[] = [];
    const seen: number[] = [];
    await subscribeBatches(`g-${uniqueSuffix()}`, [h.topicA], async (batch) => {
      const mine = batch.filter((r) => r.key === key);
      if (mine.length) sizes.push(batch.length);
      seen.push(...mine.map((r) => Number(r.value)));
    });
    // One publish: one produce request, so the broker holds the 250 records together for the next fetch.
    await h.stream.publish(
      Array.from({ length: 250 }, (_, i) => ({ topic: h.topicA, key, value: String(i) })),
    );
    await eventually(() => expect(seen).toHaveLength(250), 30_000);
    expect(seen).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BATCH_RECORDS);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
  }, 60_000);

  it('delivers a whole batch again, from its first record, when its handler throws', async () => {
    const key = `rebatch-${uniqueSuffix()}`;
    let failed = false;
    const handled: string[] = [];
    await subscribeBatches(`g-${uniqueSuffix()}`, [h.topicA], async (batch) => {
      const mine = batch.filter((r) => r.key === key).map((r) => r.value);
      if (mine.includes('b') && !failed) {
        failed = true;
        throw new Error('transient failure');
      }
      handled.push(...mine);
    });
    const records = ['a', 'b', 'c'].map((value) => ({ topic: h.topicA, key, value }));
    await h.stream.publish(records).catch(() => h.stream.publish(records));
    await eventually(() => expect(handled).toEqual(['a', 'b', 'c']), 40_000);
    expect(failed).toBe(true);
  }, 60_000);

  it('sends poison to the dead-letter topic with the reason and goes on with the next record', async () => {
    const key = `poison-${uniqueSuffix()}`;
    const handled: DecodedEvent[] = [];
    const dead: { reason: string; originalValue: string }[] = [];
    await subscribe(`dlq-${uniqueSuffix()}`, [Topics.deadLetter], async (r) => {
      if (r.key === key) dead.push(JSON.parse(r.value));
    });
    await consumeAlarms(key, (e) => handled.push(e));
    const good = alarmEnvelope(key, 2);
    const badPayload = { ...alarmEnvelope(key, 3), payload: { alarmId: 'not-a-uuid' } };
    await h.stream.publish([
      { topic: h.topicA, key, value: '{not json' },
      { topic: h.topicA, key, value: JSON.stringify(badPayload) },
      { topic: h.topicA, key, value: JSON.stringify(good) },
    ]);
    await eventually(() => {
      expect(handled.map((e) => e.eventId)).toEqual([good.eventId]);
      expect(dead).toHaveLength(2);
    }, 30_000);
    expect(dead[0].reason).toMatch(/^not JSON/);
    expect(dead[0].originalValue).toBe('{not json');
    expect(dead[1].reason).toMatch(/bad AlarmReceived payload: \/alarmId/);
  }, 60_000);
});

/**
 * KAFKA_NAMESPACE: two runs on one broker (a test suite and a benchmark) with the same logical topics and
 * consumer groups must not see each other's records, and handlers must still see the logical topic.
 */
describe('event stream contract: kafka namespaces', () => {
  const run = uniqueSuffix();
  const topic = `contract.${run}.shared`;
  const group = `shared-${run}`;
  const namespaces = [`ns-${run}-a`, `ns-${run}-b`];
  const streams: KafkaEventStream[] = [];
  const subscriptions: Subscription[] = [];
  const admin = new Kafka({
    clientId: `contract-${run}-admin`,
    brokers: SERVICES.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();

  beforeAll(async () => {
    await admin.connect();
    for (const namespace of namespaces) {
      const stream = new KafkaEventStream({
        brokers: SERVICES.kafkaBrokers,
        clientId: `contract-${namespace}`,
        topics: [topic, Topics.deadLetter],
        namespace,
      });
      await stream.start();
      streams.push(stream);
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await Promise.all(streams.map((s) => s.stop()));
    await admin
      .deleteTopics({ topics: namespaces.flatMap((ns) => [`${ns}.${topic}`, `${ns}.${Topics.deadLetter}`]) })
      .catch(() => undefined);
    await admin.disconnect();
  }, 30_000);

  it('keeps the records and consumer groups of two namespaces apart on one broker', async () => {
    const got: string[][] = [[], []];
    for (const [i, stream] of streams.entries()) {
      subscriptions.push(
        await stream.subscribe(
          group,
          [topic],
          eachRecord(async (r) => void got[i].push(`${r.topic}:${r.value}`)),
        ),
      );
    }
    // One key, so without namespaces all four would share one partition of one topic, in this order.
    const key = `k-${run}`;
    for (const step of ['first', 'last']) {
      for (const [i, stream] of streams.entries()) {
        await stream.publish([{ topic, key, value: `${step}-${i}` }]);
      }
    }
    // Each namespace sees exactly its own two records, under the logical topic name.
    await eventually(() => {
      expect(got[0]).toEqual([`${topic}:first-0`, `${topic}:last-0`]);
      expect(got[1]).toEqual([`${topic}:first-1`, `${topic}:last-1`]);
    }, 30_000);
    const onBroker = new Set(await admin.listTopics());
    expect(onBroker.has(topic)).toBe(false);
    for (const ns of namespaces) expect(onBroker.has(`${ns}.${topic}`)).toBe(true);
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    expect(groups).toEqual(expect.arrayContaining(namespaces.map((ns) => `${ns}.${group}`)));
    expect(groups).not.toContain(group);
  }, 60_000);

  it('dead-letters inside the namespace, naming the logical topic', async () => {
    const key = `poison-${run}`;
    const [stream] = streams;
    const dead: { originalTopic: string; originalValue: string }[] = [];
    subscriptions.push(
      await stream.subscribe(
        `dlq-${run}`,
        [Topics.deadLetter],
        eachRecord(async (r) => {
          if (r.key === key) dead.push(JSON.parse(r.value));
        }),
      ),
    );
    subscriptions.push(
      await consumeEvents(stream, {
        group: `c-${run}`,
        topics: [topic],
        types: ['AlarmReceived'],
        log: silent,
        handle: async () => undefined,
      }),
    );
    await stream.publish([{ topic, key, value: '{not json' }]);
    await eventually(() => expect(dead).toHaveLength(1), 30_000);
    expect(dead[0]).toMatchObject({ originalTopic: topic, originalValue: '{not json' });
    // …and it landed on the namespace's own dead-letter topic.
    const offsets = await admin.fetchTopicOffsets(`${namespaces[0]}.${Topics.deadLetter}`);
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBeGreaterThan(0);
  }, 60_000);
});
