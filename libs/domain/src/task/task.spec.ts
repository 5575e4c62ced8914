import { EventPayloads } from '@erp/contracts';
import { EscalationLadder, LadderStep } from '../escalation/escalation-ladder';
import { DomainError } from '../shared/domain-error';
import { DutyOfficer, EscalationEffect, Task, TaskOrder } from './task';

const INCIDENT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TASK_ID = '7c9e6679-7425-40de-944b-000000000001';
const AT = new Date('2026-03-01T08:00:00.000Z');
const after = (seconds: number) => new Date(AT.getTime() + seconds * 1000);
const OFFICE = 'township-office-511902101';

function order(overrides: Partial<TaskOrder> = {}): TaskOrder {
  return {
    id: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: OFFICE,
    role: 'lead',
    deadlines: { ack: 300, depart: 300, arrive: 900, firstReport: 1800, complete: 14_400 },
    escalationStep: 0,
    escalatedFromTaskId: null,
    clauseId: 't1-township-office-leads',
    planVersion: 'seed-2020/2',
    ...overrides,
  };
}

function dispatched(overrides: Partial<TaskOrder> = {}): Task {
  const task = Task.dispatch(order(overrides), AT);
  task.pullEvents();
  return task;
}

const member: DutyOfficer = { userId: 'u-1', username: 'qj_duty', unitIds: [OFFICE] };
const outsider: DutyOfficer = { userId: 'u-2', username: 'sj_duty', unitIds: ['township-office-511902107'] };
const commander: DutyOfficer = { userId: 'u-3', username: 'commander', unitIds: [], commander: true };

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the call to throw');
}

/** Pulls the events, checking each against its contract schema. */
function events(task: Task) {
  const list = task.pullEvents();
  for (const e of list) {
    const result = EventPayloads[e.type].schema.safeParse(e.payload);
    if (!result.success) throw new Error(`${e.type}: ${JSON.stringify(result.error.issues)}`);
  }
  return list;
}

const noEffect = (): EscalationEffect => ({});

describe('Task.dispatch', () => {
  it('watches each deadline the plan sets, as an instant from dispatch, scaled for drills', () => {
    const task = Task.dispatch(order({ timeScale: 0.01 }), AT);
    const s = task.snapshot();
    expect(s.deadlines.map((d) => [d.kind, d.dueAt.toISOString(), d.state, d.fired])).toEqual([
      ['ack', after(3).toISOString(), 'watching', 0],
      ['depart', after(3).toISOString(), 'watching', 0],
      ['arrive', after(9).toISOString(), 'watching', 0],
      ['firstReport', after(18).toISOString(), 'watching', 0],
      ['complete', after(144).toISOString(), 'watching', 0],
    ]);
    expect(s.deadlines.every((d) => d.nextAt?.getTime() === d.dueAt.getTime())).toBe(true);
    const [e] = events(task);
    expect(e.type).toBe('TaskDispatched');
    expect(e.payload).toMatchObject({ ackDeadlineAt: after(3).toISOString(), timeScale: 0.01 });
  });

  it('drops depart and arrive for notify and supervise tasks: they send nobody', () => {
    const task = Task.dispatch(order({ role: 'notify' }), AT);
    expect(task.snapshot().deadlines.map((d) => d.kind)).toEqual(['ack', 'firstReport', 'complete']);
  });

  it('watches only what the plan sets', () => {
    const task = Task.dispatch(order({ deadlines: { ack: 120 } }), AT);
    expect(task.snapshot().deadlines.map((d) => d.kind)).toEqual(['ack']);
  });
});

describe('the task lifecycle', () => {
  it('walks dispatched → acknowledged → departed → arrived → completed, each meeting its deadline', () => {
    const task = dispatched();
    task.acknowledge(member, after(60));
    task.depart(member, after(120));
    task.arrive(member, after(600));
    task.report(member, after(700), { reportId: '7c9e6679-7425-40de-944b-0000000000a1', text: '火已扑灭' });
    task.complete(member, after(3600));
    const s = task.snapshot();
    expect(s.status).toBe('completed');
    expect(s.deadlines.map((d) => [d.kind, d.state])).toEqual([
      ['ack', 'met'],
      ['depart', 'met'],
      ['arrive', 'met'],
      ['firstReport', 'met'],
      ['complete', 'met'],
    ]);
    expect(s.deadlines.every((d) => d.nextAt === null)).toBe(true);
    const types = events(task).map((e) => e.type);
    expect(types).toEqual([
      'TaskAcknowledged',
      'TaskDeparted',
      'TaskArrived',
      'TaskReported',
      'TaskCompleted',
    ]);
  });

  it('marks a move after its deadline as late, and records the minutes to arrival', () => {
    const task = dispatched();
    task.acknowledge(member, after(301));
    task.depart(member, after(302));
    task.arrive(member, after(1000));
    const [ack, depart, arrive] = events(task);
    expect(ack.payload).toMatchObject({ late: true });
    expect(depart.payload).toMatchObject({ late: true });
    expect(arrive.payload).toMatchObject({ late: true, secondsFromDispatch: 1000 });
  });

  it('refuses a move the stage forbids with TASK.ILLEGAL_MOVE, its current stage and what is allowed', () => {
    const task = dispatched();
    const e = caught(() => task.arrive(member, after(10)));
    expect(e.code).toBe('TASK.ILLEGAL_MOVE');
    expect(e.kind).toBe('conflict');
    expect(e.details).toEqual({ current: 'dispatched', allowed: ['acknowledge', 'decline'] });
    expect(task.snapshot().status).toBe('dispatched');
    expect(task.pullEvents()).toEqual([]);
  });

  it('refuses a second acknowledgement, and a report before acknowledging', () => {
    const task = dispatched();
    expect(caught(() => task.report(member, after(5), { reportId: 'x', text: 'a' })).code).toBe(
      'TASK.ILLEGAL_MOVE',
    );
    task.acknowledge(member, after(10));
    expect(caught(() => task.acknowledge(member, after(20))).details).toMatchObject({
      current: 'acknowledged',
    });
  });

  it('lets a notify task complete straight after acknowledging, but never depart', () => {
    const task = dispatched({ role: 'notify' });
    task.acknowledge(member, after(10));
    expect(task.allowedMoves).toEqual(['report', 'complete', 'decline']);
    expect(caught(() => task.depart(member, after(20))).code).toBe('TASK.ILLEGAL_MOVE');
    task.complete(member, after(30));
    expect(task.snapshot().status).toBe('completed');
  });

  it('does not let a lead task complete before it arrives', () => {
    const task = dispatched();
    task.acknowledge(member, after(10));
    expect(caught(() => task.complete(member, after(20))).details).toMatchObject({
      allowed: ['depart', 'report', 'decline'],
    });
  });

  it('refuses an officer of another unit, and lets the commander move any task', () => {
    const task = dispatched();
    expect(caught(() => task.acknowledge(outsider, after(10))).code).toBe('TASK.NOT_YOUR_UNIT');
    task.acknowledge(commander, after(10));
    expect(task.snapshot().acknowledgedBy).toBe('u-3');
  });

  it('declines with a reason, stopping every deadline, and refuses a blank reason', () => {
    const task = dispatched({ capabilities: ['water_rescue'] });
    expect(caught(() => task.decline(member, after(10), '   ')).code).toBe('TASK.DECLINE_REASON_REQUIRED');
    task.decline(member, after(10), ' 车辆故障 ');
    const s = task.snapshot();
    expect(s.status).toBe('declined');
    expect(s.declineReason).toBe('车辆故障');
    expect(s.deadlines.every((d) => d.state === 'stopped' && d.nextAt === null)).toBe(true);
    expect(events(task)[0].payload).toMatchObject({
      reason: '车辆故障',
      capabilities: ['water_rescue'],
      role: 'lead',
    });
    expect(task.allowedMoves).toEqual([]);
  });

  it('cancels an open task (every deadline stopped) and leaves a finished one alone', () => {
    const task = dispatched();
    task.acknowledge(member, after(10));
    task.cancel(after(20), '事件撤销');
    expect(task.snapshot().status).toBe('cancelled');
    expect(task.snapshot().deadlines.find((d) => d.kind === 'ack')?.state).toBe('met');
    expect(task.snapshot().deadlines.find((d) => d.kind === 'depart')?.state).toBe('stopped');
    expect(events(task).map((e) => e.type)).toEqual(['TaskAcknowledged', 'TaskCancelled']);
    task.cancel(after(30), 'again');
    expect(task.pullEvents()).toEqual([]);
    expect(caught(() => task.report(member, after(40), { reportId: 'x', text: 'a' })).details).toMatchObject({
      current: 'cancelled',
      allowed: [],
    });
  });

  it('meets the first-report deadline with the first report only, carrying its figures', () => {
    const task = dispatched();
    task.acknowledge(member, after(10));
    task.report(member, after(2000), {
      reportId: '7c9e6679-7425-40de-944b-0000000000a1',
      text: '两人受伤',
      casualties: { seriousInjuries: 2 },
      economicLossCny: 50_000,
    });
    task.report(member, after(2100), { reportId: '7c9e6679-7425-40de-944b-0000000000a2', text: '续报' });
    const [, first, second] = events(task);
    expect(first.payload).toMatchObject({ first: true, late: true, casualties: { seriousInjuries: 2 } });
    expect(second.payload).toMatchObject({ first: false, late: false });
    expect(task.snapshot().firstReportAt).toEqual(after(2000));
  });
});

describe('Task.fire: a deadline timer', () => {
  const ladder = new EscalationLadder({
    steps: [
      { afterSeconds: 0, action: 'renotify' },
      { afterSeconds: 120, action: 'notify_leader' },
      { afterSeconds: 180, action: 'task_unit', target: 'command_room' },
    ],
  });

  it('does nothing before the deadline (not yet due)', () => {
    const task = dispatched();
    expect(task.fire('ack', 0, after(299), ladder, noEffect)).toEqual({
      outcome: 'not-yet-due',
      dueAt: after(300),
    });
    expect(task.pullEvents()).toEqual([]);
  });

  it('records the miss at the deadline and sets the first step after its wait', () => {
    const task = dispatched();
    expect(task.fire('ack', 0, after(300), ladder, noEffect)).toEqual({ outcome: 'missed', lateMs: 0 });
    const d = task.deadline('ack')!;
    expect(d).toMatchObject({ state: 'missed', missedAt: after(300), fired: 1, nextAt: after(300) });
    const [e] = events(task);
    expect(e).toMatchObject({
      type: 'TaskDeadlineMissed',
      payload: { deadline: 'ack', ladderSteps: 3, late: false },
    });
  });

  it('climbs step by step, each after its wait counted from the step before, then stops', () => {
    const task = dispatched();
    task.fire('ack', 0, after(300), ladder, noEffect);
    const taken: string[] = [];
    const effect = (s: LadderStep): EscalationEffect => (taken.push(s.action), { unitId: 'x' });
    expect(task.fire('ack', 1, after(300), ladder, effect)).toMatchObject({
      outcome: 'escalated',
      stepNo: 1,
    });
    expect(task.deadline('ack')!.nextAt).toEqual(after(420));
    expect(task.fire('ack', 2, after(419), ladder, effect).outcome).toBe('not-yet-due');
    expect(task.fire('ack', 2, after(425), ladder, effect)).toMatchObject({
      outcome: 'escalated',
      stepNo: 2,
    });
    // The wait counts from when the step was actually taken (425), never skipped.
    expect(task.deadline('ack')!.nextAt).toEqual(after(605));
    expect(task.fire('ack', 3, after(605), ladder, effect)).toMatchObject({
      outcome: 'escalated',
      stepNo: 3,
    });
    expect(task.deadline('ack')!.nextAt).toBeNull();
    expect(taken).toEqual(['renotify', 'notify_leader', 'task_unit']);
    const escalated = events(task).filter((e) => e.type === 'TaskEscalated');
    expect(escalated.map((e) => [e.payload.step, e.payload.action, e.payload.last])).toEqual([
      [1, 'renotify', false],
      [2, 'notify_leader', false],
      [3, 'task_unit', true],
    ]);
  });

  it('ignores a duplicate or stale firing (its ordinal was taken)', () => {
    const task = dispatched();
    task.fire('ack', 0, after(300), ladder, noEffect);
    task.pullEvents();
    expect(task.fire('ack', 0, after(301), ladder, noEffect)).toEqual({ outcome: 'moved-on' });
    expect(task.fire('ack', 5, after(301), ladder, noEffect)).toEqual({ outcome: 'moved-on' });
    expect(task.pullEvents()).toEqual([]);
  });

  it('stops climbing the moment the task moves past the deadline (late, kept as missed)', () => {
    const task = dispatched();
    task.fire('ack', 0, after(300), ladder, noEffect);
    task.acknowledge(member, after(310));
    const d = task.deadline('ack')!;
    expect(d).toMatchObject({ state: 'missed', metAt: after(310), nextAt: null });
    expect(task.fire('ack', 1, after(310), ladder, noEffect)).toEqual({ outcome: 'moved-on' });
  });

  it('marks a firing long after it fell due as late, with by how much', () => {
    const task = dispatched();
    expect(task.fire('ack', 0, after(368), ladder, noEffect)).toEqual({ outcome: 'missed', lateMs: 68_000 });
    expect(events(task)[0].payload).toMatchObject({ late: true, lateMs: 68_000 });
  });

  it('records a miss with no ladder and watches nothing more', () => {
    const task = dispatched();
    task.fire('depart', 0, after(300), null, noEffect);
    expect(task.deadline('depart')).toMatchObject({ state: 'missed', nextAt: null });
    expect(events(task)[0].payload).toMatchObject({ deadline: 'depart', ladderSteps: 0 });
  });

  it('ends a ladder that has no step for the firing due (nothing more to watch, nothing recorded)', () => {
    const task = dispatched();
    task.fire('ack', 0, after(300), ladder, noEffect);
    task.pullEvents();
    const shorter = new EscalationLadder({ steps: [{ afterSeconds: 0, action: 'renotify' }] });
    task.fire('ack', 1, after(300), ladder, noEffect);
    task.pullEvents();
    expect(task.fire('ack', 2, after(500), shorter, noEffect)).toEqual({ outcome: 'ladder-ended' });
    expect(task.deadline('ack')!.nextAt).toBeNull();
    expect(task.pullEvents()).toEqual([]);
  });

  it('scales the waits between steps for drills', () => {
    const task = dispatched({ timeScale: 0.01 });
    task.fire('ack', 0, after(3), ladder, noEffect);
    task.fire('ack', 1, after(3), ladder, noEffect);
    expect(task.deadline('ack')!.nextAt).toEqual(new Date(after(3).getTime() + 1200));
  });

  it('restores a task mid-ladder exactly as it was', () => {
    const task = dispatched();
    task.fire('ack', 0, after(300), ladder, noEffect);
    const copy = Task.restore(task.snapshot());
    expect(copy.snapshot()).toEqual(task.snapshot());
    expect(copy.fire('ack', 1, after(300), ladder, noEffect).outcome).toBe('escalated');
    expect(task.deadline('ack')!.fired).toBe(1);
  });
});
