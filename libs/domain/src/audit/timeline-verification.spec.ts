import { sealCheckpoints } from './checkpoint-chain';
import { CHAIN_VERSION, chainHash, ChainedEntry, entryHash, GENESIS_HASH } from './hash-chain';
import { IncidentCheckpoints, verifyTimeline } from './timeline-verification';

const INCIDENT = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const OTHER = '3f2504e0-4f89-41d3-9a0c-0305e82c3399';

/** A chain of `n` version-2 entries, as the projector writes them. */
function entries(n: number, from: ChainedEntry[] = []): ChainedEntry[] {
  const list = [...from];
  for (let seq = list.length + 1; seq <= n; seq++) {
    const prevHash = list[list.length - 1]?.hash ?? GENESIS_HASH;
    const fields = {
      incidentId: INCIDENT,
      seq,
      eventId: `3f2504e0-4f89-41d3-9a0c-0000000000${String(seq).padStart(2, '0')}`,
      eventType: 'TaskAcknowledged',
      occurredAt: `2026-03-01T08:00:${String(seq).padStart(2, '0')}.000Z`,
      recordedAt: `2026-03-01T08:00:${String(seq).padStart(2, '0')}.100Z`,
      actor: { kind: 'user', id: 'u-1' },
      payload: { n: seq },
      summary: `签收：第 ${seq} 条`,
    };
    list.push({ ...fields, chainVersion: CHAIN_VERSION, prevHash, hash: chainHash(prevHash, fields) });
  }
  return list;
}

/** The district chain after two seals: the incident at 6 entries, another incident, then at 10. */
function sealedAt(chain: ChainedEntry[]): IncidentCheckpoints {
  const at = new Date('2026-03-01T08:01:00Z');
  const first = sealCheckpoints(
    null,
    [
      { incidentId: INCIDENT, lastSeq: 6, headHash: chain[5].hash },
      { incidentId: OTHER, lastSeq: 2, headHash: 'a'.repeat(64) },
    ],
    at,
    30,
  );
  const second = sealCheckpoints(
    first[first.length - 1],
    [{ incidentId: INCIDENT, lastSeq: 10, headHash: chain[9].hash }],
    at,
    50,
  );
  const mine = [first[0], second[0]];
  return { links: mine, before: first[1], after: null };
}

describe('verifyTimeline', () => {
  const chain = entries(12);
  const sealed = sealedAt(chain);

  it('holds for the chain as sealed, with two entries appended since the last seal', () => {
    const v = verifyTimeline(chain, sealed);
    expect(v).toMatchObject({ intact: true, entries: 12, headHash: chain[11].hash });
    expect(v.firstBrokenAt).toBeUndefined();
    expect(v.checkpoint).toMatchObject({ lastSeq: 10, headHash: chain[9].hash });
  });

  it('holds for a timeline nobody sealed yet, and for an empty one', () => {
    expect(verifyTimeline(chain, { links: [], before: null, after: null }).intact).toBe(true);
    expect(verifyTimeline([], { links: [], before: null, after: null })).toMatchObject({
      intact: true,
      entries: 0,
      headHash: GENESIS_HASH,
      checkpoint: null,
    });
  });

  it.each([
    ['summary', { summary: '伪造的摘要' }],
    ['payload', { payload: { n: 99 } }],
    ['actor', { actor: { kind: 'user', id: 'mallory' } }],
    ['occurredAt', { occurredAt: '2026-03-01T07:00:00.000Z' }],
    ['recordedAt', { recordedAt: '2026-03-01T07:00:00.000Z' }],
    ['eventType', { eventType: 'TaskCompleted' }],
    ['eventId', { eventId: '3f2504e0-4f89-41d3-9a0c-999999999999' }],
  ])('finds an edited %s at its own entry', (_column, change) => {
    const tampered = chain.map((e) => (e.seq === 4 ? { ...e, ...change } : e));
    expect(verifyTimeline(tampered, sealed)).toMatchObject({
      intact: false,
      firstBrokenAt: 4,
      problem: { code: 'ENTRY_ALTERED' },
    });
  });

  it('finds an edited hash or previous hash where the link breaks', () => {
    const hash = chain.map((e) => (e.seq === 4 ? { ...e, hash: 'f'.repeat(64) } : e));
    expect(verifyTimeline(hash, sealed)).toMatchObject({ intact: false, firstBrokenAt: 4 });
    const prev = chain.map((e) => (e.seq === 4 ? { ...e, prevHash: 'f'.repeat(64) } : e));
    expect(verifyTimeline(prev, sealed)).toMatchObject({ intact: false, firstBrokenAt: 4 });
  });

  it('finds a deleted middle entry', () => {
    const v = verifyTimeline(
      chain.filter((e) => e.seq !== 5),
      sealed,
    );
    expect(v).toMatchObject({ intact: false, firstBrokenAt: 5, problem: { code: 'ENTRY_MISSING' } });
  });

  it('finds a cut tail that reaches into what was sealed', () => {
    const v = verifyTimeline(chain.slice(0, 7), sealed);
    expect(v).toMatchObject({ intact: false, firstBrokenAt: 8, problem: { code: 'TAIL_MISSING' } });
  });

  it('finds every entry of a sealed incident gone (truncated, or the incident removed)', () => {
    expect(verifyTimeline([], sealed)).toMatchObject({
      intact: false,
      entries: 0,
      firstBrokenAt: 1,
      problem: { code: 'TAIL_MISSING' },
    });
  });

  it('finds a chain rewritten and re-hashed from entry 8 on, and bounds where', () => {
    // The same length, re-hashed after a changed entry 8: every link holds, the sealed head does not. The
    // first seal (at 6) still matches, so the rewrite starts after it.
    const changed = chain.slice(0, 7);
    const { chainVersion: _v, prevHash, hash: _h, ...fields8 } = { ...chain[7], summary: '改写' };
    const rehashed = { ...fields8, chainVersion: CHAIN_VERSION, prevHash, hash: '' };
    rehashed.hash = entryHash(prevHash, rehashed);
    changed.push(rehashed);
    const v = verifyTimeline(entries(12, changed), sealed);
    expect(v).toMatchObject({ intact: false, firstBrokenAt: 7, problem: { code: 'HEAD_REPLACED' } });
  });

  it('finds a checkpoint link edited, or removed from the district chain', () => {
    const edited = { ...sealed, links: [sealed.links[0], { ...sealed.links[1], lastSeq: 7 }] };
    expect(verifyTimeline(chain, edited)).toMatchObject({
      intact: false,
      problem: { code: 'CHECKPOINT_ALTERED' },
    });
    const unlinked = { ...sealed, before: null };
    expect(verifyTimeline(chain, unlinked).problem?.code).toBe('CHECKPOINT_ALTERED');
  });
});
