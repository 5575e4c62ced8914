import { RefreshedValue } from './refreshed-value';

describe('RefreshedValue', () => {
  let now = 0;
  const clock = () => now;

  it('reads once for concurrent callers and keeps the value for its interval', async () => {
    let reads = 0;
    const value = new RefreshedValue(async () => ++reads, 1_000, clock);
    expect(await Promise.all([value.get(), value.get(), value.get()])).toEqual([1, 1, 1]);
    now += 999;
    expect(await value.get()).toBe(1);
    now += 1;
    expect(await value.get()).toBe(2);
    expect(reads).toBe(2);
  });

  it('keeps no failed read: the next call reads again', async () => {
    let fail = true;
    const value = new RefreshedValue(
      async () => {
        if (fail) throw new Error('store away');
        return 'read';
      },
      1_000,
      clock,
    );
    await expect(value.get()).rejects.toThrow('store away');
    fail = false;
    expect(await value.get()).toBe('read');
  });
});
