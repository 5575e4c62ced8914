import { randomUUID } from 'node:crypto';
import { decodeEnvelope, UndecodableEvent } from './decode';
import { EventPayloads, EventType, isKnownEventType } from './events';

const INCIDENT_ID = randomUUID();
const ALARM_ID = randomUUID();
const TASK_ID = randomUUID();
const T = '2026-03-01T08:00:00.000Z';

const DELIVERY = {
  notificationId: TASK_ID,
  incidentId: INCIDENT_ID,
  event: 'TaskDispatched',
  deliveryId: ALARM_ID,
  webhookId: randomUUID(),
  origin: 'https://sms.example',
  attempts: 2,
  statusCode: 200,
};

const WARNING_ID = randomUUID();
const WARNING_TASK = {
  warningId: WARNING_ID,
  taskId: TASK_ID,
  hazardPointId: 'HP-01',
  hazardPointName: '（虚构）示例滑坡隐患点',
  townshipCode: '511902101',
  action: 'patrol',
  assigneeUserName: 'monitor-01',
};
const WARNING = {
  warningId: WARNING_ID,
  event: '暴雨',
  hazardType: 'rainstorm',
  colour: 'orange',
  areaDescription: '巴州区',
  expiresAt: '2026-03-02T08:00:00.000Z',
  revision: 0,
};

const PAYLOADS: { [K in EventType]: Record<string, unknown> } = {
  WarningIssued: { ...WARNING, source: 'weather', sender: '巴州区气象局', effectiveAt: T },
  WarningAmended: { ...WARNING, colour: 'red', expiresAt: null, revision: 1 },
  WarningEnded: { warningId: WARNING_ID, reason: 'expired', endedAt: T },
  WarningTaskAssigned: {
    ...WARNING_TASK,
    assigneeRole: 'monitor',
    acknowledgeDueAt: T,
    completeDueAt: T,
  },
  WarningTaskAcknowledged: { ...WARNING_TASK, acknowledgedAt: T, late: false },
  WarningTaskCompleted: { ...WARNING_TASK, completedAt: T, late: true },
  WarningTaskStoodDown: { ...WARNING_TASK, reason: '预警已解除 warning cancelled: stood down' },
  WarningTaskEscalated: {
    ...WARNING_TASK,
    deadline: 'ack',
    step: 2,
    ladderAction: 'notify_township_office',
    target: 'township-office-511902101',
    last: true,
  },
  NotificationIssued: {
    notificationId: TASK_ID,
    incidentId: INCIDENT_ID,
    event: 'TaskDispatched',
    text: '【应急任务】请签收',
    recipients: [
      { unitId: 'u1', name: '张三', phone: '13800000000', userName: 'night-1', role: 'duty_officer' },
    ],
    unitIds: ['u1'],
  },
  NotificationDelivered: DELIVERY,
  WebhookRegistered: {
    webhookId: DELIVERY.webhookId,
    origin: 'https://sms.example',
    events: ['TaskDispatched'],
  },
  WebhookRemoved: { webhookId: DELIVERY.webhookId, origin: 'https://sms.example' },
  NotificationDeliveryFailed: { ...DELIVERY, statusCode: 500, reason: 'HTTP 500' },
  SensorThresholdExceeded: {
    sensorId: 'rain-1',
    hazardPointId: 'HP-01',
    kind: 'rain_gauge',
    value: 61.5,
    threshold: 50,
    unit: 'mm/h',
    measuredAt: T,
    source: 'demo-source',
  },
  CityReportRequired: {
    incidentId: INCIDENT_ID,
    tier: 'T3_MAJOR',
    level: 'III',
    planVersion: 'seed-2020/1',
    clauseIds: ['t3-committee-leads'],
  },
  RescueCircleBreachPredicted: {
    incidentId: INCIDENT_ID,
    circleSeconds: 900,
    bestEtaSeconds: 1260,
    teamIds: ['team-511902203'],
    uncoveredCapabilities: [],
    lateCapabilities: ['diving'],
    clauseId: 't1-capabilities-flood',
    planVersion: 'seed-2020/1',
    escalatedToUnitIds: ['district-command-room'],
  },
  RescueTeamStatusChanged: {
    teamId: 'team-district-fire-brigade',
    from: 'available',
    to: 'dispatched',
    incidentId: INCIDENT_ID,
    reason: '派往事件',
  },
  UnitChanged: { unitId: 'township-office-511902001', changed: ['roster'] },
  ResponsePlanPublished: { planVersion: 'seed-2020/2', previousVersion: 'seed-2020/1', clauses: 40 },
  UserRoleChanged: { userName: 'duty-511902001', from: 'duty_officer', to: 'commander' },
  UserPasswordChanged: { userName: 'duty-511902001', changedBy: 'duty-511902001' },
  TownshipPointCorrected: {
    townshipCode: '511902001',
    from: { lat: 31.86, lon: 106.775 },
    to: { lat: 31.861, lon: 106.776 },
  },
  AlarmJoinedIncident: {
    incidentId: INCIDENT_ID,
    alarmId: ALARM_ID,
    alarmSource: 'demo',
    alarmReceivedAt: T,
    type: 'fire',
    distanceMetres: 120,
  },
  IncidentReclassified: {
    incidentId: INCIDENT_ID,
    from: { tier: 'T1_MINOR', level: null },
    to: { tier: 'T3_MAJOR', level: 'III' },
    reasons: ['死亡 3 人 ≥ 3 → 较大 (III)'],
    ruleSetVersion: 'cn-national/2024.1',
    confirmedBy: null,
  },
  IncidentCancelled: {
    incidentId: INCIDENT_ID,
    alarmId: ALARM_ID,
    alarmSource: 'cap-feed',
    reason: 'CAP Cancel',
  },
  IncidentDowngradeProposed: {
    incidentId: INCIDENT_ID,
    from: { tier: 'T2_GENERAL', level: 'IV' },
    to: { tier: 'T1_MINOR', level: null },
    reasons: ['无人员伤亡'],
    ruleSetVersion: 'cn-national/2024.1',
  },
  AlarmReceived: {
    alarmId: ALARM_ID,
    source: '119-center',
    externalId: 'EXT-1',
    type: 'landslide',
    occurredAt: '2026-03-01T15:58:00+08:00',
    receivedAt: T,
    townshipCode: '511902101',
    location: { lat: 32.01, lon: 106.74 },
    description: '山体滑坡',
  },
  IncidentOpened: {
    incidentId: INCIDENT_ID,
    alarmId: ALARM_ID,
    alarmSource: '119-center',
    alarmReceivedAt: T,
    type: 'landslide',
    townshipCode: '511902101',
    location: null,
    description: '山体滑坡',
  },
  IncidentClassified: {
    incidentId: INCIDENT_ID,
    tier: 'T2_GENERAL',
    level: 'IV',
    reasons: ['type landslide starts at IV'],
    ruleSetVersion: 'type-default/1',
  },
  TaskDispatched: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'township-office-511902101',
    role: 'lead',
    ackDeadlineAt: '2026-03-01T08:05:00.000Z',
    escalationStep: 0,
    escalatedFromTaskId: null,
    clauseId: 'township-office-leads',
    planVersion: 'township-lead/1',
  },
  TaskAcknowledged: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'township-office-511902101',
    acknowledgedAt: '2026-03-01T08:01:00.000Z',
    late: false,
  },
  TaskEscalated: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'township-office-511902101',
    deadline: 'ack',
    deadlineAt: '2026-03-01T08:05:00.000Z',
    lateMs: 0,
    late: false,
    step: 3,
    action: 'task_unit',
    target: { unitId: 'district-command-room', escalationTaskId: randomUUID() },
    last: false,
  },
  TaskDeadlineMissed: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'district-command-room',
    deadline: 'arrive',
    deadlineAt: '2026-03-01T08:15:00.000Z',
    lateMs: 68_000,
    late: true,
    ladderSteps: 3,
  },
  TaskDeparted: { taskId: TASK_ID, incidentId: INCIDENT_ID, unitId: 'team-x', departedAt: T, late: false },
  TaskArrived: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'team-x',
    arrivedAt: T,
    late: false,
    secondsFromDispatch: 540,
  },
  TaskReported: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'team-x',
    reportId: randomUUID(),
    reportedAt: T,
    text: '现场 2 人受伤',
    casualties: { seriousInjuries: 2 },
    first: true,
    late: false,
  },
  TaskCompleted: { taskId: TASK_ID, incidentId: INCIDENT_ID, unitId: 'team-x', completedAt: T, late: true },
  TaskDeclined: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'team-x',
    role: 'support',
    declinedAt: T,
    reason: '车辆故障',
    capabilities: ['water_rescue'],
  },
  TaskCancelled: {
    taskId: TASK_ID,
    incidentId: INCIDENT_ID,
    unitId: 'team-x',
    cancelledAt: T,
    reason: '事件撤销',
  },
  IncidentClosed: {
    incidentId: INCIDENT_ID,
    outcome: '处置完毕',
    summary: '',
    closedAt: T,
    freedTeamIds: ['team-x'],
  },
};

function envelope(type: string, payload: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return {
    eventId: randomUUID(),
    type,
    version: isKnownEventType(type) ? EventPayloads[type].version : 1,
    key: type === 'AlarmReceived' ? ALARM_ID : INCIDENT_ID,
    incidentId: type === 'AlarmReceived' ? null : INCIDENT_ID,
    occurredAt: T,
    recordedAt: T,
    correlationId: 'corr-1',
    causationId: null,
    actor: { kind: 'system', id: 'dispatch' },
    payload,
    ...overrides,
  };
}

function reasonOf(raw: string | Buffer): string {
  try {
    decodeEnvelope(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(UndecodableEvent);
    return (e as UndecodableEvent).reason;
  }
  throw new Error('expected decodeEnvelope to throw');
}

describe('decodeEnvelope', () => {
  it('has a sample payload for every known event type', () => {
    expect(Object.keys(PAYLOADS).sort()).toEqual(Object.keys(EventPayloads).sort());
  });

  it.each(Object.keys(PAYLOADS) as EventType[])('decodes a valid %s envelope', (type) => {
    const env = envelope(type, PAYLOADS[type]);
    const decoded = decodeEnvelope(JSON.stringify(env));
    expect(decoded.type).toBe(type);
    expect(decoded.eventId).toBe(env.eventId);
    expect(decoded.payload).toEqual(PAYLOADS[type]);
  });

  it('decodes from a Buffer', () => {
    const env = envelope('TaskAcknowledged', PAYLOADS.TaskAcknowledged);
    expect(decodeEnvelope(Buffer.from(JSON.stringify(env), 'utf8')).payload).toEqual(
      PAYLOADS.TaskAcknowledged,
    );
  });

  it('drops payload fields the schema does not know', () => {
    const env = envelope('TaskAcknowledged', { ...PAYLOADS.TaskAcknowledged, extra: 'x' });
    expect(decodeEnvelope(JSON.stringify(env)).payload).not.toHaveProperty('extra');
  });

  describe('with only some types wanted', () => {
    const only = new Set(['TaskAcknowledged']);

    it('answers null for a known type it does not want, even with a payload it would refuse', () => {
      const env = envelope('IncidentOpened', { nonsense: true } as never);
      expect(decodeEnvelope(JSON.stringify(env), only)).toBeNull();
    });

    it('decodes and validates a wanted type', () => {
      const env = envelope('TaskAcknowledged', PAYLOADS.TaskAcknowledged);
      expect(decodeEnvelope(JSON.stringify(env), only)?.payload).toEqual(PAYLOADS.TaskAcknowledged);
      const bad = envelope('TaskAcknowledged', { nonsense: true } as never);
      expect(() => decodeEnvelope(JSON.stringify(bad), only)).toThrow(UndecodableEvent);
    });

    it('still refuses an unknown type and bytes that are not JSON', () => {
      const env = envelope('TaskAcknowledged', PAYLOADS.TaskAcknowledged, { type: 'Nope' as EventType });
      expect(() => decodeEnvelope(JSON.stringify(env), only)).toThrow(/unknown event type Nope|bad envelope/);
      expect(() => decodeEnvelope('{not json', only)).toThrow(/^not JSON/);
    });
  });

  it('refuses bytes that are not JSON', () => {
    expect(reasonOf('{not json')).toMatch(/^not JSON/);
    expect(reasonOf(Buffer.from([0xff, 0xfe]))).toMatch(/^not JSON/);
  });

  it('refuses an envelope without eventId, naming /eventId', () => {
    const { eventId: _drop, ...env } = envelope('TaskAcknowledged', PAYLOADS.TaskAcknowledged);
    const reason = reasonOf(JSON.stringify(env));
    expect(reason).toMatch(/^bad envelope/);
    expect(reason).toContain('/eventId');
  });

  it('refuses an envelope whose eventId is not a UUID', () => {
    const env = envelope('TaskAcknowledged', PAYLOADS.TaskAcknowledged, { eventId: 'abc' });
    expect(reasonOf(JSON.stringify(env))).toContain('/eventId');
  });

  it('names a nested envelope field', () => {
    const env = envelope('TaskAcknowledged', PAYLOADS.TaskAcknowledged, {
      actor: { kind: 'robot', id: 'x' },
    });
    expect(reasonOf(JSON.stringify(env))).toContain('/actor/kind');
  });

  it('refuses JSON that is not an object', () => {
    expect(reasonOf('42')).toMatch(/^bad envelope/);
  });

  it('refuses an unknown event type', () => {
    const env = envelope('IncidentTeleported', {});
    expect(reasonOf(JSON.stringify(env))).toBe('unknown event type IncidentTeleported');
  });

  it('does not treat Object.prototype members as event types', () => {
    const env = envelope('toString', {});
    expect(reasonOf(JSON.stringify(env))).toBe('unknown event type toString');
  });

  it('refuses an unsupported version', () => {
    const env = envelope('AlarmReceived', PAYLOADS.AlarmReceived, { version: 2 });
    expect(reasonOf(JSON.stringify(env))).toBe('unsupported version 2 of AlarmReceived');
  });

  it('refuses a bad payload, naming the field by pointer', () => {
    const env = envelope('AlarmReceived', { ...PAYLOADS.AlarmReceived, townshipCode: '123' });
    const reason = reasonOf(JSON.stringify(env));
    expect(reason).toMatch(/^bad AlarmReceived payload/);
    expect(reason).toContain('/townshipCode');
  });

  it('names a nested payload field and a missing one', () => {
    const { late: _drop, ...ack } = PAYLOADS.TaskAcknowledged;
    expect(reasonOf(JSON.stringify(envelope('TaskAcknowledged', ack)))).toContain('/late');
    const alarm = { ...PAYLOADS.AlarmReceived, location: { lat: 95, lon: 106 } };
    expect(reasonOf(JSON.stringify(envelope('AlarmReceived', alarm)))).toContain('/location/lat');
  });
});
