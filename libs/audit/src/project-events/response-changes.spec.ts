import { responseChanges } from './response-changes';
import { AuditedEvent } from './timeline-facts';

const I = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
const T = '7c9e6679-7425-40de-944b-000000000001';
let n = 0;
const ev = (
  type: AuditedEvent['type'],
  payload: Record<string, unknown>,
  occurredAt = '2026-03-01T08:00:00.000Z',
) =>
  ({
    eventId: `7c9e6679-7425-40de-944b-0000000001${String(++n).padStart(2, '0')}`,
    type,
    version: 1,
    key: I,
    incidentId: I,
    occurredAt,
    recordedAt: occurredAt,
    correlationId: 'c',
    causationId: null,
    actor: { kind: 'system', id: 's' },
    payload: { incidentId: I, ...payload },
  }) as AuditedEvent;

describe('responseChanges', () => {
  const events = [
    ev('IncidentOpened', {
      alarmReceivedAt: '2026-03-01T07:59:00.000Z',
      townshipCode: '511902001',
      type: 'fire',
      exercise: true,
    }),
    ev('IncidentClassified', { tier: 'T1_MINOR' }),
    ev(
      'TaskDispatched',
      { taskId: T, unitId: 'team-a', role: 'support', etaSeconds: 600 },
      '2026-03-01T08:00:30.000Z',
    ),
    ev('TaskAcknowledged', { taskId: T, acknowledgedAt: '2026-03-01T08:01:00.000Z' }),
    ev('IncidentReclassified', { to: { tier: 'T3_MAJOR', level: 'III' } }),
    ev(
      'TaskDeadlineMissed',
      { taskId: T, deadline: 'arrive', deadlineAt: '2026-03-01T08:15:30.000Z' },
      '2026-03-01T08:15:31.000Z',
    ),
    ev('TaskArrived', { taskId: T, arrivedAt: '2026-03-01T08:16:00.000Z' }),
    ev('TaskCompleted', { taskId: T, completedAt: '2026-03-01T09:00:00.000Z' }),
    ev('IncidentClosed', { closedAt: '2026-03-01T09:10:00.000Z' }),
  ];
  const c = responseChanges(events);

  it('opens the incident from the alarm it was opened by, exercise flag and all', () => {
    expect(c.opened).toEqual([
      {
        incidentId: I,
        townshipCode: '511902001',
        type: 'fire',
        tier: 'T1_MINOR',
        exercise: true,
        alarmAt: '2026-03-01T07:59:00.000Z',
        openedAt: '2026-03-01T08:00:00.000Z',
      },
    ]);
  });

  it('keeps the last tier, a task’s last status and every stage time', () => {
    expect(c.tiers).toEqual([{ incidentId: I, tier: 'T3_MAJOR' }]);
    expect(c.dispatched).toEqual([
      {
        taskId: T,
        incidentId: I,
        unitId: 'team-a',
        role: 'support',
        team: true,
        dispatchedAt: '2026-03-01T08:00:30.000Z',
      },
    ]);
    expect(c.moves).toEqual([
      {
        taskId: T,
        status: 'completed',
        acknowledgedAt: '2026-03-01T08:01:00.000Z',
        departedAt: null,
        arrivedAt: '2026-03-01T08:16:00.000Z',
        completedAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
    expect(c.breaches).toEqual([
      {
        taskId: T,
        deadline: 'arrive',
        dueAt: '2026-03-01T08:15:30.000Z',
        missedAt: '2026-03-01T08:15:31.000Z',
      },
    ]);
    expect(c.closed).toEqual([{ incidentId: I, closedAt: '2026-03-01T09:10:00.000Z' }]);
  });

  it('sends a unit (no ETA) as no team, and folds nothing from other events', () => {
    const unit = responseChanges([
      ev('TaskDispatched', {
        taskId: T,
        unitId: 'township-office-511902001',
        role: 'lead',
        etaSeconds: null,
      }),
    ]);
    expect(unit.dispatched[0].team).toBe(false);
    expect(responseChanges([ev('UnitChanged', { unitId: 'x', changed: ['name'] })])).toMatchObject({
      opened: [],
      moves: [],
      breaches: [],
    });
  });
});
