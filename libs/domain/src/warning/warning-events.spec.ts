import { EventPayloads } from '@erp/contracts';
import { BAZHOU } from '../district/district';
import { endWarning, moveWarningTask, WarningRecord, WarningTaskRecord } from './warning';
import { warningAreaOf } from './warning-area';
import {
  standDownWarningTasks,
  warningAmended,
  warningChanged,
  warningIssued,
  warningTaskAssigned,
  warningTaskEscalated,
  warningTaskMoved,
} from './warning-events';

const NOW = new Date('2026-07-06T00:00:00Z');
const WARNING_ID = '7c0e4f1a-0000-4000-8000-000000000001';
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const warning: WarningRecord = {
  id: WARNING_ID,
  source: 'weather',
  identifiers: ['a-1'],
  sender: '巴州区气象台',
  event: '暴雨',
  hazardType: 'rainstorm',
  colour: 'orange',
  headline: null,
  area: warningAreaOf({ description: '巴州区', adminCodes: ['511902'], polygons: [], circles: [] }, BAZHOU)!,
  issuedAt: NOW,
  effectiveAt: NOW,
  expiresAt: at(60),
  status: 'active',
  endedAt: null,
  endReason: null,
  revision: 0,
};

function task(n: number, overrides: Partial<WarningTaskRecord> = {}): WarningTaskRecord {
  return {
    id: `7c0e4f1a-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`,
    warningId: WARNING_ID,
    clauseId: 'rainstorm-orange',
    hazardPointId: `HP-0${n}`,
    hazardPointName: `（虚构）隐患点 ${n}`,
    townshipCode: '511902101',
    action: 'patrol',
    assigneeRole: 'monitor',
    assigneeUserName: `monitor-0${n}`,
    assigneeName: `监测员 ${n}`,
    assigneePhone: '13700000000',
    status: 'dispatched',
    dispatchedAt: NOW,
    acknowledgeDueAt: at(30),
    completeDueAt: at(120),
    acknowledgedAt: null,
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
    ackSteps: 0,
    completeSteps: 0,
    escalations: [],
    ...overrides,
  };
}

/** Every event a function made passes its own contract, as every consumer will check. */
function expectValid(events: { type: keyof typeof EventPayloads; payload: unknown }[]) {
  for (const e of events) expect(EventPayloads[e.type].schema.safeParse(e.payload).error).toBeUndefined();
}

describe('warning events', () => {
  it('an issued warning says what, where, until when and from whom; one expired on arrival ends at once', () => {
    const issued = warningIssued(warning);
    expect(issued).toEqual([
      {
        type: 'WarningIssued',
        payload: {
          warningId: WARNING_ID,
          event: '暴雨',
          hazardType: 'rainstorm',
          colour: 'orange',
          areaDescription: '巴州区',
          expiresAt: at(60).toISOString(),
          revision: 0,
          source: 'weather',
          sender: '巴州区气象台',
          effectiveAt: NOW.toISOString(),
        },
      },
    ]);
    const stale = warningIssued(endWarning(warning, 'expired', NOW)!);
    expect(stale.map((e) => e.type)).toEqual(['WarningIssued', 'WarningEnded']);
    expect(stale[1].payload).toEqual({
      warningId: WARNING_ID,
      reason: 'expired',
      endedAt: NOW.toISOString(),
    });
    expectValid([...issued, ...stale, warningAmended({ ...warning, colour: null, expiresAt: null })]);
  });

  it('a change tells what it did: issued, amended while active, ended; an Update to an ended one nothing', () => {
    const ended = endWarning(warning, 'cancelled', at(5))!;
    expect(warningChanged('issued', warning).map((e) => e.type)).toEqual(['WarningIssued']);
    expect(warningChanged('amended', { ...warning, colour: 'red', revision: 1 })).toEqual([
      expect.objectContaining({
        type: 'WarningAmended',
        payload: expect.objectContaining({ colour: 'red' }),
      }),
    ]);
    expect(warningChanged('ended', ended)).toEqual([
      {
        type: 'WarningEnded',
        payload: { warningId: WARNING_ID, reason: 'cancelled', endedAt: at(5).toISOString() },
      },
    ]);
    expect(warningChanged('amended', ended)).toEqual([]);
    expect(() => warningChanged('ended', warning)).toThrow('has not ended');
  });

  it("a task's events name its warning, point, action and person; a move says whether it was late", () => {
    const assigned = warningTaskAssigned(task(1));
    expect(assigned.payload).toMatchObject({
      warningId: WARNING_ID,
      hazardPointId: 'HP-01',
      action: 'patrol',
      assigneeUserName: 'monitor-01',
      acknowledgeDueAt: at(30).toISOString(),
    });
    const acknowledged = warningTaskMoved(moveWarningTask(task(1), 'acknowledge', at(10)));
    expect(acknowledged).toEqual([
      expect.objectContaining({
        type: 'WarningTaskAcknowledged',
        payload: expect.objectContaining({ acknowledgedAt: at(10).toISOString(), late: false }),
      }),
    ]);
    const completedLate = warningTaskMoved(moveWarningTask(task(1), 'complete', at(121)));
    expect(completedLate).toEqual([
      expect.objectContaining({
        type: 'WarningTaskCompleted',
        payload: expect.objectContaining({ late: true }),
      }),
    ]);
    expect(warningTaskMoved(task(1, { status: 'cancelled' }))).toEqual([]);
    expectValid([assigned, ...acknowledged, ...completedLate]);
  });

  it('a rung names its target and whether it is the ladder’s last', () => {
    const first = warningTaskEscalated(task(1), {
      deadline: 'ack',
      step: 0,
      action: 'renotify_assignee',
      target: 'monitor-01',
      at: at(30).toISOString(),
    });
    const top = warningTaskEscalated(task(1), {
      deadline: 'complete',
      step: 2,
      action: 'notify_township_office',
      target: 'township-office-511902101',
      at: at(135).toISOString(),
    });
    expect(first.payload).toMatchObject({
      step: 0,
      ladderAction: 'renotify_assignee',
      action: 'patrol',
      last: false,
    });
    expect(top.payload).toMatchObject({ step: 2, target: 'township-office-511902101', last: true });
    expectValid([first, top]);
  });

  it('stands down per reason, and tells only of the tasks the store stood down', async () => {
    const tasks = [task(1), task(2), task(3)];
    const calls: [string[], string][] = [];
    // Task 2 was completed meanwhile: the store leaves it as it is.
    const store = {
      standDown: async (ids: readonly string[], reason: string) => {
        calls.push([[...ids], reason]);
        return ids.filter((id) => id !== tasks[1].id);
      },
    };
    const events = await standDownWarningTasks(
      store,
      {
        add: [],
        standDown: [
          { taskId: tasks[0].id, reason: 'ended' },
          { taskId: tasks[1].id, reason: 'ended' },
          { taskId: tasks[2].id, reason: 'downgrade' },
        ],
      },
      tasks,
      NOW,
    );
    expect(calls).toEqual([
      [[tasks[0].id, tasks[1].id], 'ended'],
      [[tasks[2].id], 'downgrade'],
    ]);
    expect(events.map((e) => [e.type, (e.payload as { taskId: string }).taskId])).toEqual([
      ['WarningTaskStoodDown', tasks[0].id],
      ['WarningTaskStoodDown', tasks[2].id],
    ]);
    expectValid(events);
  });
});
