import { driveOpenLoop, OpenLoop } from './open-loop';
import { wallNow } from './wall-clock';

describe('OpenLoop', () => {
  const loop = new OpenLoop(10, 200, 1_000); // 10 items, one every 5 ms from t = 1000

  it('has item i due i / rate after the start', () => {
    expect(loop.dueAt(0)).toBe(1_000);
    expect(loop.dueAt(3)).toBe(1_015);
  });

  it('counts the items due by a moment, the first at the start, never more than the total', () => {
    expect(loop.dueBy(999)).toBe(0);
    expect(loop.dueBy(1_000)).toBe(1);
    expect(loop.dueBy(1_004.9)).toBe(1);
    expect(loop.dueBy(1_005)).toBe(2);
    expect(loop.dueBy(1_049)).toBe(10);
    expect(loop.dueBy(5_000)).toBe(10);
  });

  it('agrees with itself: every item counted due is due by then', () => {
    for (let now = 990; now < 1_060; now += 0.7) {
      const due = loop.dueBy(now);
      if (due > 0) expect(loop.dueAt(due - 1)).toBeLessThanOrEqual(now);
      if (due < loop.total) expect(loop.dueAt(due)).toBeGreaterThan(now);
    }
  });
});

describe('driveOpenLoop', () => {
  it('sends every item once, in order, none before it is due', async () => {
    const loop = new OpenLoop(20, 1000, wallNow());
    const sent: { from: number; to: number; at: number }[] = [];
    const count = await driveOpenLoop(loop, (from, to) => void sent.push({ from, to, at: wallNow() }));
    expect(count).toBe(20);
    expect(sent.flatMap(({ from, to }) => Array.from({ length: to - from }, (_, k) => from + k))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    for (const { to, at } of sent) expect(at).toBeGreaterThanOrEqual(loop.dueAt(to - 1));
  });

  it('sends what fell due meanwhile in one call after a slow send (open loop, not closed)', async () => {
    const loop = new OpenLoop(30, 1000, wallNow());
    const sizes: number[] = [];
    await driveOpenLoop(loop, async (from, to) => {
      sizes.push(to - from);
      if (sizes.length === 1) await new Promise((resolve) => setTimeout(resolve, 15));
    });
    expect(Math.max(...sizes.slice(1))).toBeGreaterThan(5);
  });

  it('stops when told to, or at the deadline', async () => {
    const slow = new OpenLoop(1000, 100, wallNow());
    let calls = 0;
    expect(await driveOpenLoop(slow, () => void calls++, { stop: () => calls >= 2 })).toBeLessThan(10);
    const late = new OpenLoop(1000, 100, wallNow());
    expect(await driveOpenLoop(late, () => undefined, { deadline: wallNow() + 30 })).toBeLessThan(10);
  });
});
