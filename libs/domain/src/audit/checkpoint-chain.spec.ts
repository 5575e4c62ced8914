import { checkpointHolds, firstBrokenCheckpoint, sealCheckpoints } from './checkpoint-chain';
import { GENESIS_HASH } from './hash-chain';

const id = (n: number) => `3f2504e0-4f89-41d3-9a0c-0000000000${String(n).padStart(2, '0')}`;
const head = (n: number, lastSeq: number) => ({
  incidentId: id(n),
  lastSeq,
  headHash: `${n}`.repeat(64).slice(0, 64),
});
const AT = new Date('2026-03-01T08:01:00.000Z');

function twoSeals() {
  const first = sealCheckpoints(null, [head(2, 5), head(1, 3)], AT, 40);
  const second = sealCheckpoints(first[first.length - 1], [head(1, 7)], new Date(AT.getTime() + 60_000), 55);
  return [...first, ...second];
}

describe('the district chain of incident heads', () => {
  it('seals heads in incident order, numbered on from the last link, each hashing the one before', () => {
    const links = twoSeals();
    expect(links.map((l) => [l.seq, l.incidentId, l.lastSeq, l.throughLogId])).toEqual([
      [1, id(1), 3, 40],
      [2, id(2), 5, 40],
      [3, id(1), 7, 55],
    ]);
    expect(links[0].prevHash).toBe(GENESIS_HASH);
    expect(links[1].prevHash).toBe(links[0].hash);
    expect(links[2].prevHash).toBe(links[1].hash);
    expect(firstBrokenCheckpoint(links)).toBe(-1);
  });

  it('seals the same heads the same way, whatever order they come in', () => {
    const a = sealCheckpoints(null, [head(1, 3), head(2, 5)], AT, 40);
    const b = sealCheckpoints(null, [head(2, 5), head(1, 3)], AT, 40);
    expect(a).toEqual(b);
  });

  it('finds an altered head, a removed link and a re-hashed link', () => {
    const altered = twoSeals();
    altered[1] = { ...altered[1], lastSeq: 4 };
    expect(firstBrokenCheckpoint(altered)).toBe(1);

    const removed = twoSeals();
    removed.splice(1, 1);
    expect(firstBrokenCheckpoint(removed)).toBe(1);

    // Re-hashing the altered link itself moves the break to the next link.
    const rehashed = twoSeals();
    const forged = sealCheckpoints(rehashed[0], [head(2, 4)], AT, 40)[0];
    rehashed[1] = forged;
    expect(firstBrokenCheckpoint(rehashed)).toBe(2);
  });

  it('checks a page that continues an earlier one', () => {
    const links = twoSeals();
    expect(firstBrokenCheckpoint(links.slice(2), links[1])).toBe(-1);
    expect(firstBrokenCheckpoint(links.slice(2), links[0])).toBe(0);
  });

  it('holds one link in place by its own hash and its two neighbours', () => {
    const [a, b, c] = twoSeals();
    expect(checkpointHolds(b, a, c)).toBe(true);
    expect(checkpointHolds(a, null, b)).toBe(true);
    expect(checkpointHolds(c, b, null)).toBe(true);
    expect(checkpointHolds({ ...b, headHash: 'f'.repeat(64) }, a, c)).toBe(false);
    // A forged b re-hashed on a: c no longer follows it.
    const forged = sealCheckpoints(a, [head(2, 4)], AT, 40)[0];
    expect(checkpointHolds(forged, a, c)).toBe(false);
    // a link whose neighbour was removed
    expect(checkpointHolds(c, a, null)).toBe(false);
  });
});
