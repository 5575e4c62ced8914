import {
  canonicalJson,
  chainHash,
  ChainedEntry,
  ChainedFields,
  entryHash,
  firstBrokenLink,
  GENESIS_HASH,
} from './hash-chain';

type Entry = ChainedFields & { prevHash: string; hash: string };

const INCIDENT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

function fields(seq: number, payload: Record<string, unknown>): ChainedFields {
  return {
    incidentId: INCIDENT_ID,
    seq,
    eventId: `3f2504e0-4f89-41d3-9a0c-00000000000${seq}`,
    eventType: ['IncidentOpened', 'IncidentClassified', 'TaskDispatched'][seq - 1] ?? 'TaskAcknowledged',
    occurredAt: `2026-03-01T08:00:0${seq}.000Z`,
    recordedAt: `2026-03-01T08:00:0${seq}.500Z`,
    actor: { kind: 'system', id: 'dispatch' },
    payload,
  };
}

/** Links entries the way the projector does: each hash covers the previous one. */
function chain(list: ChainedFields[]): Entry[] {
  let prev = GENESIS_HASH;
  return list.map((f) => {
    const hash = chainHash(prev, f);
    const entry = { ...f, prevHash: prev, hash };
    prev = hash;
    return entry;
  });
}

function threeEntries(): Entry[] {
  return chain([
    fields(1, { incidentId: INCIDENT_ID, townshipCode: '511902101' }),
    fields(2, { incidentId: INCIDENT_ID, tier: 'T2_GENERAL', level: 'IV', reasons: ['flood'] }),
    fields(3, { incidentId: INCIDENT_ID, unitId: 'township-office-511902101', escalationStep: 0 }),
  ]);
}

describe('hash chain', () => {
  it('starts from the genesis hash of 64 zeros', () => {
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    expect(threeEntries()[0].prevHash).toBe(GENESIS_HASH);
  });

  it('produces sha-256 hex hashes, each linking to the previous', () => {
    const entries = threeEntries();
    for (const e of entries) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(entries[1].prevHash).toBe(entries[0].hash);
    expect(entries[2].prevHash).toBe(entries[1].hash);
    expect(new Set(entries.map((e) => e.hash)).size).toBe(3);
  });

  it('is deterministic', () => {
    const f = fields(1, { a: 1 });
    expect(chainHash(GENESIS_HASH, f)).toBe(chainHash(GENESIS_HASH, { ...f }));
  });

  it('depends on the previous hash', () => {
    const f = fields(1, { a: 1 });
    expect(chainHash(GENESIS_HASH, f)).not.toBe(chainHash('f'.repeat(64), f));
  });

  it('holds for an intact chain (-1), and for an empty one', () => {
    expect(firstBrokenLink(threeEntries())).toBe(-1);
    expect(firstBrokenLink([])).toBe(-1);
  });

  it('finds an altered payload at its own index', () => {
    const entries = threeEntries();
    entries[1] = { ...entries[1], payload: { ...(entries[1].payload as object), level: 'III' } };
    expect(firstBrokenLink(entries)).toBe(1);
  });

  it('finds an altered actor, timestamp or type', () => {
    const actor = threeEntries();
    actor[2] = { ...actor[2], actor: { kind: 'user', id: 'mallory' } };
    expect(firstBrokenLink(actor)).toBe(2);
    const time = threeEntries();
    time[0] = { ...time[0], occurredAt: '2026-03-01T07:00:00.000Z' };
    expect(firstBrokenLink(time)).toBe(0);
    const type = threeEntries();
    type[1] = { ...type[1], eventType: 'TaskDeadlineMissed' };
    expect(firstBrokenLink(type)).toBe(1);
  });

  it('does not accept an altered entry whose own hash was recomputed (the next link breaks)', () => {
    const entries = threeEntries();
    const { prevHash, hash: _old, ...f } = entries[0];
    const forged = { ...f, payload: { forged: true } };
    entries[0] = { ...forged, prevHash, hash: chainHash(prevHash, forged) };
    expect(firstBrokenLink(entries)).toBe(1);
  });

  it('detects two entries swapped', () => {
    const entries = threeEntries();
    [entries[1], entries[2]] = [entries[2], entries[1]];
    expect(firstBrokenLink(entries)).toBe(1);
  });

  it('detects a removed entry', () => {
    const entries = threeEntries();
    entries.splice(1, 1);
    expect(firstBrokenLink(entries)).toBe(1);
  });

  it('detects a removed first entry', () => {
    expect(firstBrokenLink(threeEntries().slice(1))).toBe(0);
  });

  it('detects a renumbered seq even when the hashes are rebuilt', () => {
    const list = threeEntries().map(({ prevHash: _p, hash: _h, ...f }) => f);
    list[2] = { ...list[2], seq: 4 };
    expect(firstBrokenLink(chain(list))).toBe(2);
  });
});

describe('canonicalJson', () => {
  it('is independent of key order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 2], c: 'x' } })).toBe(
      canonicalJson({ a: { c: 'x', d: [1, 2] }, b: 1 }),
    );
  });

  it('sorts keys and writes compact JSON', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é'] })).toBe('{"a":[true,null,"é"],"b":1}');
  });

  it('differs for different values', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: null })).not.toBe(canonicalJson({}));
  });

  it('keeps array order significant', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('leaves out undefined properties, like JSON.stringify', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it('round-trips through JSON.parse to an equal value', () => {
    const value = { z: { y: [1, { x: 'q"uote' }] }, a: -1.5 };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

describe('chain version 2: the summary is covered', () => {
  /** Links entries as the projector does now: version 2, the summary inside the hash. */
  function chainV2(list: ChainedFields[], startVersion = 2): ChainedEntry[] {
    let prev = GENESIS_HASH;
    return list.map((f, i) => {
      const chainVersion = i === 0 ? startVersion : 2;
      const entry = { ...f, summary: `第 ${f.seq} 条`, chainVersion, prevHash: prev, hash: '' };
      entry.hash = entryHash(prev, entry);
      prev = entry.hash;
      return entry;
    });
  }
  const three = () => chainV2([fields(1, { a: 1 }), fields(2, { b: 2 }), fields(3, { c: 3 })]);

  it('holds as written', () => {
    expect(firstBrokenLink(three())).toBe(-1);
  });

  it('finds an edited summary at its own index', () => {
    const entries = three();
    entries[1] = { ...entries[1], summary: '已篡改' };
    expect(firstBrokenLink(entries)).toBe(1);
  });

  it('does not hash the summary of a version 1 entry, and accepts 1 followed by 2', () => {
    const entries = chainV2([fields(1, { a: 1 }), fields(2, { b: 2 })], 1);
    expect(firstBrokenLink(entries)).toBe(-1);
    expect(firstBrokenLink([{ ...entries[0], summary: 'x' }, entries[1]])).toBe(-1);
  });

  it('refuses an entry relabelled version 1 to uncover its summary', () => {
    const entries = three();
    entries[2] = { ...entries[2], chainVersion: 1, summary: '已篡改' };
    expect(firstBrokenLink(entries)).toBe(2);
  });

  it('refuses a version 1 entry after a version 2 one, even with its hash recomputed', () => {
    const entries = three();
    const relabelled = { ...entries[2], chainVersion: 1 };
    relabelled.hash = entryHash(relabelled.prevHash, relabelled);
    entries[2] = relabelled;
    expect(firstBrokenLink(entries)).toBe(2);
  });
});

describe('entryHash', () => {
  it('is chainHash of the entry’s fields, in either version, whatever order they were built in', () => {
    const f = fields(2, { z: [1, { b: 'é', a: null }], a: '"quoted"' });
    const stored = { ...f, summary: '签收：某单位', prevHash: 'a'.repeat(64), hash: '' };
    const reordered = Object.fromEntries(Object.entries(stored).reverse()) as typeof stored;
    expect(entryHash('a'.repeat(64), { ...reordered, chainVersion: 2 })).toBe(
      chainHash('a'.repeat(64), { ...f, summary: '签收：某单位' }),
    );
    expect(entryHash('a'.repeat(64), { ...reordered, chainVersion: 1 })).toBe(chainHash('a'.repeat(64), f));
    expect(entryHash('a'.repeat(64), reordered)).toBe(chainHash('a'.repeat(64), f));
  });
});

describe('entryHash over stored JSON texts (chain version 2)', () => {
  const f = fields(3, { b: 2, a: 1 });
  const base = { ...f, summary: 's', chainVersion: 2, prevHash: GENESIS_HASH, hash: '' };

  it('hashes the texts as stored, which equal the canonical JSON when written', () => {
    const expected = chainHash(GENESIS_HASH, { ...f, summary: 's' });
    const stored = { ...base, actorJson: canonicalJson(f.actor), payloadJson: '{"a":1,"b":2}' };
    expect(entryHash(GENESIS_HASH, stored)).toBe(expected);
  });

  it('finds a stored text rewritten, even with the same content', () => {
    const expected = chainHash(GENESIS_HASH, { ...f, summary: 's' });
    const rewritten = { ...base, actorJson: canonicalJson(f.actor), payloadJson: '{"b":2,"a":1}' };
    expect(entryHash(GENESIS_HASH, rewritten)).not.toBe(expected);
  });
});
