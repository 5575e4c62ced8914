import { DeadlineTimer, TimerRef } from './deadline-timers.port';
import { applyTimerChanges, TimerChange } from './timer-changes';

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    timers: {
      scheduleAll: async (timers: readonly DeadlineTimer[]) => {
        calls.push(`schedule ${timers.map((t) => t.taskId).join(',')}`);
      },
      cancel: async (timer: TimerRef) => {
        calls.push(`cancel ${timer.taskId} ${timer.deadline}`);
      },
    },
  };
}

const schedule = (taskId: string): TimerChange => ({
  kind: 'schedule',
  timer: { taskId, deadline: 'ack', ordinal: 0, dueAt: new Date('2026-11-30T08:05:00Z') },
});
const cancel = (taskId: string): TimerChange => ({
  kind: 'cancel',
  timer: { taskId, deadline: 'ack', ordinal: 0 },
});

describe('applyTimerChanges', () => {
  it('sends consecutive schedules as one call', async () => {
    const r = recorder();
    await applyTimerChanges(r.timers, [schedule('a'), schedule('b'), schedule('c')]);
    expect(r.calls).toEqual(['schedule a,b,c']);
  });

  it('flushes pending schedules before a cancel, keeping the order', async () => {
    const r = recorder();
    await applyTimerChanges(r.timers, [
      schedule('a'),
      schedule('b'),
      cancel('a'),
      schedule('c'),
      cancel('x'),
    ]);
    expect(r.calls).toEqual(['schedule a,b', 'cancel a ack', 'schedule c', 'cancel x ack']);
  });

  it('does nothing for no changes, and cancels alone without an empty schedule', async () => {
    const r = recorder();
    await applyTimerChanges(r.timers, []);
    await applyTimerChanges(r.timers, [cancel('a'), cancel('b')]);
    expect(r.calls).toEqual(['cancel a ack', 'cancel b ack']);
  });

  it('stops at the first failure, leaving later changes unapplied (the batch is then redelivered)', async () => {
    const r = recorder();
    const failing = {
      ...r.timers,
      cancel: async () => {
        throw new Error('redis down');
      },
    };
    await expect(applyTimerChanges(failing, [schedule('a'), cancel('a'), schedule('b')])).rejects.toThrow(
      'redis down',
    );
    expect(r.calls).toEqual(['schedule a']);
  });
});
