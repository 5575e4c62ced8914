import {
  advancedTo,
  movesByStatus,
  newestFirst,
  nextMove,
  normalizeTask,
  otherMoves,
  stageMoveOf,
} from './task-view';

/** A task as GET /api/v1/tasks answers before issue 10: the stored row. */
const storedRow = {
  id: 't1',
  incidentId: 'i1',
  unitId: 'township-office-511902001',
  role: 'lead',
  status: 'dispatched',
  dispatchedAt: '2026-12-01T08:00:00.000Z',
  ackDeadlineAt: '2026-12-01T08:05:00.000Z',
  acknowledgedAt: null,
  departDeadlineAt: null,
  arriveDeadlineAt: null,
  firstReportDeadlineAt: '2026-12-01T08:30:00.000Z',
  escalationStep: 0,
  capabilities: [],
  etaSeconds: null,
};

describe('normalizeTask', () => {
  it("derives deadlines, the next deadline and the moves from today's stored row", () => {
    const t = normalizeTask(storedRow);
    expect(t.deadlines).toEqual([
      { kind: 'ack', dueAt: '2026-12-01T08:05:00.000Z' },
      { kind: 'firstReport', dueAt: '2026-12-01T08:30:00.000Z' },
    ]);
    expect(t.nextDeadline).toEqual({ kind: 'ack', dueAt: '2026-12-01T08:05:00.000Z' });
    expect(t.allowedMoves).toEqual(['acknowledge', 'decline']);
  });

  it('moves on to the next deadline there is once acknowledged, and none once finished', () => {
    expect(normalizeTask({ ...storedRow, status: 'acknowledged' }).nextDeadline?.kind).toBe('firstReport');
    expect(normalizeTask({ ...storedRow, status: 'completed' }).nextDeadline).toBeNull();
  });

  it("takes issue 10's task view as the server sends it", () => {
    const view = {
      ...storedRow,
      status: 'acknowledged',
      deadlines: [{ kind: 'depart', dueAt: '2026-12-01T08:10:00.000Z', state: 'missed' }],
      nextDeadline: { kind: 'depart', dueAt: '2026-12-01T08:10:00.000Z' },
      allowedMoves: ['depart', 'report'],
      unitName: '东城街道应急管理办公室',
      incident: { id: 'i1', type: 'fire', tier: 'T2_GENERAL' },
    };
    const t = normalizeTask(view);
    expect(t.allowedMoves).toEqual(['depart', 'report']);
    expect(t.nextDeadline).toEqual({ kind: 'depart', dueAt: '2026-12-01T08:10:00.000Z' });
    expect(t.deadlines[0].state).toBe('missed');
    expect(t.unitName).toBe('东城街道应急管理办公室');
    expect(t.incident?.tier).toBe('T2_GENERAL');
  });
});

describe('the next move', () => {
  it('is the first step forward allowed; report and decline come after it', () => {
    expect(nextMove(['decline', 'acknowledge'])).toBe('acknowledge');
    expect(otherMoves(['decline', 'acknowledge'])).toEqual(['decline']);
    expect(nextMove(['report', 'arrive'])).toBe('arrive');
    expect(nextMove(['report'])).toBeNull();
    expect(otherMoves(['report'])).toEqual(['report']);
  });

  it('follows the task states of DESIGN §6 when the server does not say', () => {
    expect(movesByStatus('dispatched')).toEqual(['acknowledge', 'decline']);
    expect(movesByStatus('departed')).toEqual(['arrive', 'report']);
    expect(movesByStatus('arrived')).toEqual(['complete', 'report']);
    expect(movesByStatus('cancelled')).toEqual([]);
  });
});

describe('newestFirst', () => {
  it('orders by dispatch time, newest first', () => {
    const a = normalizeTask({ ...storedRow, id: 'a', dispatchedAt: '2026-12-01T08:00:00Z' });
    const b = normalizeTask({ ...storedRow, id: 'b', dispatchedAt: '2026-12-01T09:00:00Z' });
    expect(newestFirst([a, b]).map((t) => t.id)).toEqual(['b', 'a']);
  });
});

describe('a stage event shown before the list reloads', () => {
  const dispatched = normalizeTask({
    ...storedRow,
    departDeadlineAt: '2026-12-01T08:10:00.000Z',
  });

  it('names the task and the status each stage event leaves it in', () => {
    expect(stageMoveOf({ type: 'TaskAcknowledged', payload: { taskId: 't1' } })).toEqual({
      taskId: 't1',
      status: 'acknowledged',
    });
    expect(stageMoveOf({ type: 'TaskDispatched', payload: { taskId: 't1' } })).toBeNull();
    expect(stageMoveOf({ type: 'TaskDeclined', payload: {} })).toBeNull();
  });

  it('moves the task forward with the moves and next deadline of its new stage', () => {
    const acknowledged = advancedTo(dispatched, 'acknowledged');
    expect(acknowledged.status).toBe('acknowledged');
    expect(acknowledged.allowedMoves).toEqual(['depart', 'report', 'decline']);
    expect(acknowledged.nextDeadline).toEqual({ kind: 'depart', dueAt: '2026-12-01T08:10:00.000Z' });
    expect(advancedTo(dispatched, 'completed').nextDeadline).toBeNull();
  });

  it('never steps a task back behind what the server already said', () => {
    const departed = { ...dispatched, status: 'departed' as const };
    expect(advancedTo(departed, 'acknowledged')).toBe(departed);
  });
});
