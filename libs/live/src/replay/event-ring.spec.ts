import { EventRing } from './event-ring';

const item = (n: number) => (id: string) => ({ id, n });

describe('EventRing: resuming after Last-Event-ID', () => {
  it('numbers events <epoch>.<seq> from 1 and gives back what came after an id, in order', () => {
    const ring = new EventRing<{ id: string; n: number }>(10, 'ep');
    expect(ring.lastId).toBeNull();
    [1, 2, 3].forEach((n) => ring.add(item(n)));
    expect(ring.lastId).toBe('ep.3');
    expect(ring.after('ep.1')).toEqual([
      { id: 'ep.2', n: 2 },
      { id: 'ep.3', n: 3 },
    ]);
    expect(ring.after('ep.3')).toEqual([]);
    expect(ring.after('ep.0')).toHaveLength(3); // connected before the first event
  });

  it('keeps only the newest `capacity` events and reports a gap for an id older than those', () => {
    const ring = new EventRing<{ id: string; n: number }>(3, 'ep');
    [1, 2, 3, 4, 5].forEach((n) => ring.add(item(n)));
    expect(ring.after('ep.1')).toBe('gap'); // 2 was dropped: the client missed it
    const numbers = (id: string) => {
      const after = ring.after(id);
      return after === 'gap' ? after : after.map((e) => e.n);
    };
    expect(numbers('ep.2')).toEqual([3, 4, 5]);
    expect(numbers('ep.4')).toEqual([5]);
  });

  it('reports a gap for ids of another epoch (a restart), from the future, or malformed', () => {
    const ring = new EventRing<{ id: string; n: number }>(3, 'ep');
    ring.add(item(1));
    for (const id of ['other.1', 'ep.2', 'ep.x', 'ep.-1', 'nodot', '']) expect(ring.after(id)).toBe('gap');
  });

  it('gets a fresh epoch at every construction and refuses a useless capacity', () => {
    expect(new EventRing(1).epoch).not.toBe(new EventRing(1).epoch);
    expect(() => new EventRing(0)).toThrow(/capacity/);
  });
});
