import { randomUUID } from 'node:crypto';
import { Envelope, Topics } from '@erp/contracts';
import {
  consumeEvents,
  DecodedEvent,
  EventStream,
  InProcessEventStream,
  KafkaEventStream,
  StreamRecord,
  Subscription,
} from '@erp/event-stream';
import { eventually, SERVICES, uniqueSuffix } from '../support/services';

/**
 * One contract, every adapter: the in-process stream (single-node default) must behave as Kafka does
 * for everything the application relies on.
 */
interface Harness {
  stream: EventStream;
  topicA: string;
  topicB: string;
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
      const run = uniqueSuffix();
      const topicA = `contract.${run}.a`;
      const topicB = `contract.${run}.b`;
      const stream = new KafkaEventStream({
        brokers: SERVICES.kafkaBrokers,
        clientId: `contract-${run}`,
        topics: [topicA, topicB, Topics.deadLetter],
      });
      await stream.start();
      return { stream, topicA, topicB };
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
  const subscribe = async (group: string, topics: string[], handler: (r: StreamRecord) => Promise<void>) => {
    const s = await h.stream.subscribe(group, topics, handler);
    subscriptions.push(s);
    return s;
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

  it('sends poison to the dead-letter topic with the reason and goes on with the next record', async () => {
    const key = `poison-${uniqueSuffix()}`;
    const handled: DecodedEvent[] = [];
    const dead: { reason: string; originalValue: string }[] = [];
    await subscribe(`dlq-${uniqueSuffix()}`, [Topics.deadLetter], async (r) => {
      if (r.key === key) dead.push(JSON.parse(r.value));
    });
    subscriptions.push(
      await consumeEvents(h.stream, {
        group: `c-${uniqueSuffix()}`,
        topics: [h.topicA],
        types: ['AlarmReceived'],
        log: silent,
        handle: async (e) => void (e.key === key && handled.push(e)),
      }),
    );
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
