import { EventPayloads } from '@erp/contracts';
import { DISTRICT_ESCALATION, EscalationLadder } from '../escalation/escalation-ladder';
import { DomainError } from '../shared/domain-error';
import { DutyOfficer, Task, TaskOrder } from './task';

const INCIDENT_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const TASK_ID = '7c9e6679-7425-40de-944b-000000000001';
const ESCALATION_TASK_ID = '7c9e6679-7425-40de-944b-000000000002';
const AT = new Date('2026-03-01T08:00:00.000Z');
const ACK_SECONDS = 300;
const DEADLINE = new Date(AT.getTime() + ACK_SECONDS * 1000);
const after = (ms: number) => new Date(AT.getTime() + ms);

function firstOrder(overrides: Partial<TaskOrder> = {}): TaskOrder {
  return {
    id: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'township-office-511902101',
    role: 'lead',
    ackWithinSeconds: ACK_SECONDS,
    escalationStep: 0,
    escalatedFromTaskId: null,
    clauseId: 't1-township-office-leads',
    planVersion: 'seed-2020/1',
    ...overrides,
  };
}

/** A dispatched task whose TaskDispatched event has already been taken. */
function dispatched(overrides: Partial<TaskOrder> = {}): Task {
  const task = Task.dispatch(firstOrder(overrides), AT);
  task.pullEvents();
  return task;
}

const member: DutyOfficer = {
  userId: 'u-qingjiang-1',
  username: 'qj_duty',
  unitIds: ['township-office-511902101'],
};
const outsider: DutyOfficer = {
  userId: 'u-sanjiang-1',
  username: 'sj_duty',
  unitIds: ['township-office-511902107', 'district-command-room'],
};

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw');
}

function expectContractValid(task: Task): ReturnType<Task['pullEvents']> {
  const events = task.pullEvents();
  for (const e of events) {
    const result = EventPayloads[e.type].schema.safeParse(e.payload);
    expect(result.success).toBe(true);
  }
  return events;
}

describe('Task.dispatch', () => {
  it('sets ackDeadlineAt to dispatch time plus the seconds allowed', () => {
    const task = Task.dispatch(firstOrder(), AT);
    expect(task.snapshot()).toMatchObject({
      id: TASK_ID,
      status: 'dispatched',
      unitId: 'township-office-511902101',
      role: 'lead',
      dispatchedAt: AT,
      ackDeadlineAt: DEADLINE,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalationStep: 0,
      ackDeadlineHandledAt: null,
    });
    expect(task.awaitsAcknowledgement).toBe(true);
  });

  it('records TaskDispatched with the deadline and provenance', () => {
    const task = Task.dispatch(firstOrder(), AT);
    const events = expectContractValid(task);
    expect(events).toEqual([
      {
        type: 'TaskDispatched',
        payload: {
          taskId: TASK_ID,
          incidentId: INCIDENT_ID,
          unitId: 'township-office-511902101',
          role: 'lead',
          ackDeadlineAt: '2026-03-01T08:05:00.000Z',
          escalationStep: 0,
          escalatedFromTaskId: null,
          clauseId: 't1-township-office-leads',
          planVersion: 'seed-2020/1',
          departDeadlineAt: null,
          arriveDeadlineAt: null,
          firstReportDeadlineAt: null,
          capabilities: [],
          etaSeconds: null,
        },
      },
    ]);
  });

  it('turns the plan role deadlines into instants and keeps a team ETA and its capabilities', () => {
    const task = Task.dispatch(
      firstOrder({
        departWithinSeconds: 300,
        arriveWithinSeconds: 900,
        firstReportWithinSeconds: 1800,
        capabilities: ['drone'],
        etaSeconds: 420,
      }),
      AT,
    );
    expect(task.snapshot()).toMatchObject({
      departDeadlineAt: after(300_000),
      arriveDeadlineAt: after(900_000),
      firstReportDeadlineAt: after(1_800_000),
      capabilities: ['drone'],
      etaSeconds: 420,
    });
    const [event] = expectContractValid(task);
    expect(event.payload).toMatchObject({
      arriveDeadlineAt: '2026-03-01T08:15:00.000Z',
      capabilities: ['drone'],
      etaSeconds: 420,
    });
  });
});

describe('Task.acknowledge', () => {
  it('lets a member of the unit acknowledge in time (late = false)', () => {
    const task = dispatched();
    task.acknowledge(member, after(60_000));
    expect(task.snapshot()).toMatchObject({
      status: 'acknowledged',
      acknowledgedAt: after(60_000),
      acknowledgedBy: 'u-qingjiang-1',
    });
    expect(task.awaitsAcknowledgement).toBe(false);
    expect(expectContractValid(task)).toEqual([
      {
        type: 'TaskAcknowledged',
        payload: {
          taskId: TASK_ID,
          incidentId: INCIDENT_ID,
          unitId: 'township-office-511902101',
          acknowledgedAt: '2026-03-01T08:01:00.000Z',
          late: false,
        },
      },
    ]);
  });

  it('counts an acknowledgement exactly at the deadline as in time', () => {
    const task = dispatched();
    task.acknowledge(member, DEADLINE);
    expect(task.pullEvents()[0]).toMatchObject({ type: 'TaskAcknowledged', payload: { late: false } });
  });

  it('marks an acknowledgement after the deadline as late', () => {
    const task = dispatched();
    task.acknowledge(member, new Date(DEADLINE.getTime() + 1));
    expect(task.pullEvents()[0]).toMatchObject({ type: 'TaskAcknowledged', payload: { late: true } });
  });

  it('still accepts a late acknowledgement after the deadline was escalated', () => {
    const task = dispatched();
    task.ackDeadlinePassed(DEADLINE, DISTRICT_ESCALATION, ESCALATION_TASK_ID);
    task.pullEvents();
    task.acknowledge(member, after(400_000));
    expect(task.snapshot().status).toBe('acknowledged');
    expect(task.pullEvents()[0]).toMatchObject({ payload: { late: true } });
  });

  it('refuses an officer of another unit with TASK.NOT_YOUR_UNIT (forbidden)', () => {
    const task = dispatched();
    const err = caught(() => task.acknowledge(outsider, after(1_000)));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'TASK.NOT_YOUR_UNIT', kind: 'forbidden' });
    expect(task.snapshot().status).toBe('dispatched');
    expect(task.pullEvents()).toEqual([]);
  });

  it('refuses a second acknowledgement with TASK.ALREADY_ACKNOWLEDGED (conflict)', () => {
    const task = dispatched();
    task.acknowledge(member, after(1_000));
    task.pullEvents();
    const err = caught(() => task.acknowledge(member, after(2_000)));
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'TASK.ALREADY_ACKNOWLEDGED', kind: 'conflict' });
    expect(task.snapshot().acknowledgedAt).toEqual(after(1_000));
    expect(task.pullEvents()).toEqual([]);
  });
});

describe('Task.ackDeadlinePassed', () => {
  it('does nothing before the deadline', () => {
    const task = dispatched();
    expect(
      task.ackDeadlinePassed(new Date(DEADLINE.getTime() - 1), DISTRICT_ESCALATION, ESCALATION_TASK_ID),
    ).toBeNull();
    expect(task.pullEvents()).toEqual([]);
    expect(task.awaitsAcknowledgement).toBe(true);
    expect(task.snapshot().ackDeadlineHandledAt).toBeNull();
  });

  it('escalates a step-0 task at the deadline to the district command room', () => {
    const task = dispatched();
    const rung = task.ackDeadlinePassed(DEADLINE, DISTRICT_ESCALATION, ESCALATION_TASK_ID);
    expect(rung).toMatchObject({ step: 1, unitId: 'district-command-room', role: 'supervise' });
    expect(task.snapshot().ackDeadlineHandledAt).toEqual(DEADLINE);
    expect(task.awaitsAcknowledgement).toBe(false);
    expect(task.snapshot().status).toBe('dispatched');
    expect(expectContractValid(task)).toEqual([
      {
        type: 'TaskEscalated',
        payload: {
          taskId: TASK_ID,
          incidentId: INCIDENT_ID,
          unitId: 'township-office-511902101',
          deadline: 'ack',
          deadlineAt: '2026-03-01T08:05:00.000Z',
          step: 1,
          escalatedToUnitId: 'district-command-room',
          escalationTaskId: ESCALATION_TASK_ID,
        },
      },
    ]);
  });

  it('escalates when the timer fires after the deadline too', () => {
    const task = dispatched();
    const late = new Date(DEADLINE.getTime() + 90_000);
    expect(task.ackDeadlinePassed(late, DISTRICT_ESCALATION, ESCALATION_TASK_ID)?.unitId).toBe(
      'district-command-room',
    );
    expect(task.pullEvents()).toHaveLength(1);
  });

  it('is a no-op the second time the timer fires', () => {
    const task = dispatched();
    task.ackDeadlinePassed(DEADLINE, DISTRICT_ESCALATION, ESCALATION_TASK_ID);
    task.pullEvents();
    const again = task.ackDeadlinePassed(
      new Date(DEADLINE.getTime() + 5_000),
      DISTRICT_ESCALATION,
      '7c9e6679-7425-40de-944b-000000000003',
    );
    expect(again).toBeNull();
    expect(task.pullEvents()).toEqual([]);
    expect(task.snapshot().ackDeadlineHandledAt).toEqual(DEADLINE);
  });

  it('is a no-op after the task was acknowledged', () => {
    const task = dispatched();
    task.acknowledge(member, after(10_000));
    task.pullEvents();
    expect(task.ackDeadlinePassed(DEADLINE, DISTRICT_ESCALATION, ESCALATION_TASK_ID)).toBeNull();
    expect(task.pullEvents()).toEqual([]);
    expect(task.snapshot().ackDeadlineHandledAt).toBeNull();
  });

  it('records TaskDeadlineMissed and returns null at the top of the ladder', () => {
    const task = dispatched({
      unitId: 'district-command-room',
      role: 'supervise',
      escalationStep: 1,
      escalatedFromTaskId: '7c9e6679-7425-40de-944b-000000000009',
      clauseId: 'ack-missed-to-command-room',
    });
    expect(task.ackDeadlinePassed(DEADLINE, DISTRICT_ESCALATION, ESCALATION_TASK_ID)).toBeNull();
    expect(task.awaitsAcknowledgement).toBe(false);
    const events = expectContractValid(task);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'TaskDeadlineMissed',
      payload: {
        taskId: TASK_ID,
        incidentId: INCIDENT_ID,
        unitId: 'district-command-room',
        deadline: 'ack',
        deadlineAt: '2026-03-01T08:05:00.000Z',
      },
    });
    expect((events[0].payload as { reason: string }).reason.length).toBeGreaterThan(0);
    // and only once
    expect(task.ackDeadlinePassed(after(999_000), DISTRICT_ESCALATION, ESCALATION_TASK_ID)).toBeNull();
    expect(task.pullEvents()).toEqual([]);
  });

  it('climbs a longer ladder one step at a time', () => {
    const ladder = new EscalationLadder([
      { step: 1, unitId: 'a', role: 'supervise', clauseId: 'c1', ackWithinSeconds: 300 },
      { step: 2, unitId: 'b', role: 'supervise', clauseId: 'c2', ackWithinSeconds: 300 },
    ]);
    const step1 = dispatched({ escalationStep: 1, unitId: 'a' });
    expect(step1.ackDeadlinePassed(DEADLINE, ladder, ESCALATION_TASK_ID)).toMatchObject({
      step: 2,
      unitId: 'b',
    });
    expect(step1.pullEvents()[0]).toMatchObject({
      type: 'TaskEscalated',
      payload: { step: 2, escalatedToUnitId: 'b' },
    });
  });

  it('restore keeps a handled deadline handled', () => {
    const task = dispatched();
    task.ackDeadlinePassed(DEADLINE, DISTRICT_ESCALATION, ESCALATION_TASK_ID);
    const restored = Task.restore(task.snapshot());
    expect(restored.awaitsAcknowledgement).toBe(false);
    expect(restored.ackDeadlinePassed(after(999_000), DISTRICT_ESCALATION, ESCALATION_TASK_ID)).toBeNull();
    expect(restored.pullEvents()).toEqual([]);
  });
});
