import { DeadLetter, Topics } from '@erp/contracts';
import { DomainError } from '@erp/domain';
import { InProcessEventStream } from './adapters/in-process-event-stream';
import { eachRecord, StreamRecord } from './event-stream.port';
import { consumeRecords, PoisonRecord } from './record-consumer';

const silent = { warn: () => undefined, error: () => undefined };

describe('consumeRecords: one failure policy', () => {
  let stream: InProcessEventStream;
  let dead: DeadLetter[];

  beforeEach(async () => {
    stream = new InProcessEventStream();
    await stream.start();
    dead = [];
    await stream.subscribe(
      'dlq',
      [Topics.deadLetter],
      eachRecord(async (r) => void dead.push(JSON.parse(r.value))),
    );
  });

  afterEach(() => stream.stop());

  const decodeNumber = (r: StreamRecord): number => {
    const n = Number(r.value);
    if (!Number.isInteger(n)) throw new PoisonRecord(`not a number: ${r.value}`);
    return n;
  };

  it('dead-letters what does not decode, with the reason, and goes on with the next record', async () => {
    const handled: number[] = [];
    await consumeRecords(stream, {
      group: 'g',
      topics: ['t'],
      decode: decodeNumber,
      handle: async (n) => void handled.push(n),
      log: silent,
    });
    await stream.publish([
      { topic: 't', key: 'k', value: 'x' },
      { topic: 't', key: 'k', value: '2' },
    ]);
    expect(handled).toEqual([2]);
    expect(dead).toEqual([
      expect.objectContaining({
        reason: 'not a number: x',
        group: 'g',
        originalTopic: 't',
        originalKey: 'k',
        originalValue: 'x',
      }),
    ]);
  });

  it('dead-letters PoisonRecord and invalid DomainError thrown by the handler, without retrying', async () => {
    let calls = 0;
    await consumeRecords(stream, {
      group: 'g',
      topics: ['t'],
      decode: decodeNumber,
      handle: async (n) => {
        calls++;
        if (n === 1) throw new PoisonRecord('unknown source s');
        if (n === 2) throw new DomainError('DISTRICT.UNKNOWN_TOWNSHIP', 'invalid', 'no township 1');
      },
      log: silent,
    });
    await stream.publish([
      { topic: 't', key: 'k', value: '1' },
      { topic: 't', key: 'k', value: '2' },
      { topic: 't', key: 'k', value: '3' },
    ]);
    expect(calls).toBe(3);
    expect(dead.map((d) => d.reason)).toEqual([
      'unknown source s',
      'DISTRICT.UNKNOWN_TOWNSHIP: no township 1',
    ]);
  });

  it('retries any other failure with backoff until it passes, and skips what it does not accept', async () => {
    let attempts = 0;
    const handled: number[] = [];
    await consumeRecords(stream, {
      group: 'g',
      topics: ['t'],
      decode: decodeNumber,
      accept: (n) => n !== 0,
      handle: async (n) => {
        if (++attempts < 3) throw new Error('database is down');
        handled.push(n);
      },
      log: silent,
      maxBackoffMs: 10,
    });
    await stream.publish([
      { topic: 't', key: 'k', value: '0' },
      { topic: 't', key: 'k', value: '7' },
    ]);
    expect(attempts).toBe(3);
    expect(handled).toEqual([7]);
    expect(dead).toEqual([]);
  });

  describe('with a batch handler', () => {
    const publishNumbers = (values: string[]) =>
      stream.publish(values.map((value) => ({ topic: 't', key: 'k', value })));

    it('hands the accepted items of a batch over together, in order, after dead-lettering what does not decode', async () => {
      const batches: number[][] = [];
      const single: number[] = [];
      await consumeRecords(stream, {
        group: 'g',
        topics: ['t'],
        decode: decodeNumber,
        accept: (n) => n !== 0,
        handle: async (n) => void single.push(n),
        handleBatch: async (ns) => void batches.push(ns),
        log: silent,
      });
      await publishNumbers(['1', 'x', '0', '2', '3']);
      expect(batches).toEqual([[1, 2, 3]]);
      expect(single).toEqual([]);
      expect(dead.map((d) => d.originalValue)).toEqual(['x']);
    });

    it('falls back to one by one when the batch fails: the good items pass, the poison one is dead-lettered', async () => {
      const committed: number[] = [];
      let batchCalls = 0;
      const apply = (n: number) => {
        if (n === 2) throw new DomainError('DISTRICT.UNKNOWN_TOWNSHIP', 'invalid', 'no township 2');
      };
      await consumeRecords(stream, {
        group: 'g',
        topics: ['t'],
        decode: decodeNumber,
        handle: async (n) => {
          apply(n);
          committed.push(n);
        },
        // All or nothing, like one transaction: nothing of a failed batch is kept.
        handleBatch: async (ns) => {
          batchCalls++;
          ns.forEach(apply);
          committed.push(...ns);
        },
        log: silent,
      });
      await publishNumbers(['1', '2', '3']);
      expect(batchCalls).toBe(1);
      expect(committed).toEqual([1, 3]);
      expect(dead.map((d) => d.reason)).toEqual(['DISTRICT.UNKNOWN_TOWNSHIP: no township 2']);
    });

    it('gives a lone item to the single handler', async () => {
      const single: number[] = [];
      await consumeRecords(stream, {
        group: 'g',
        topics: ['t'],
        decode: decodeNumber,
        handle: async (n) => void single.push(n),
        handleBatch: async () => {
          throw new Error('not for one item');
        },
        log: silent,
      });
      await publishNumbers(['5']);
      expect(single).toEqual([5]);
    });
  });
});
