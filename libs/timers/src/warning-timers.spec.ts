import { WARNING_TASK_LADDER, warningLadderDueAt } from '@erp/domain';
import { timerId, WARNING_EXPIRY, WARNING_TASK_TIMERS } from './deadline-timers.port';
import { warningExpiryTimer, warningTaskTimers } from './warning-timers';

const task = {
  id: 't-1',
  status: 'dispatched' as const,
  acknowledgeDueAt: new Date('2026-07-06T00:10:00Z'),
  completeDueAt: new Date('2026-07-06T02:00:00Z'),
  ackSteps: 0,
  completeSteps: 0,
};

describe('warning timers', () => {
  it('a new task wants the first step of both its deadlines', () => {
    expect(warningTaskTimers(task)).toEqual([
      {
        taskId: 't-1',
        deadline: WARNING_TASK_TIMERS.ack,
        ordinal: 0,
        dueAt: warningLadderDueAt(task, 'ack', 0),
      },
      {
        taskId: 't-1',
        deadline: WARNING_TASK_TIMERS.complete,
        ordinal: 0,
        dueAt: warningLadderDueAt(task, 'complete', 0),
      },
    ]);
  });

  it('an acknowledged task wants only its completion, at the step it has reached; none past the ladder', () => {
    const acked = { ...task, status: 'acknowledged' as const, ackSteps: 1, completeSteps: 2 };
    expect(warningTaskTimers(acked)).toEqual([
      expect.objectContaining({ deadline: WARNING_TASK_TIMERS.complete, ordinal: 2 }),
    ]);
    expect(warningTaskTimers({ ...acked, completeSteps: WARNING_TASK_LADDER.length })).toEqual([]);
    expect(warningTaskTimers({ ...task, status: 'completed' })).toEqual([]);
  });

  it("a warning's expiry is a timer of its revision: a moved expiry is another timer", () => {
    const expiresAt = new Date('2026-07-06T06:00:00Z');
    const first = warningExpiryTimer({ warningId: 'w-1', revision: 0, expiresAt });
    expect(first).toEqual({ taskId: 'w-1', deadline: WARNING_EXPIRY, ordinal: 0, dueAt: expiresAt });
    expect(timerId(warningExpiryTimer({ warningId: 'w-1', revision: 1, expiresAt }))).not.toBe(
      timerId(first),
    );
  });
});
