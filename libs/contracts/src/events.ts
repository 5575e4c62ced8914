import { z } from 'zod';
import { SENSOR_KINDS } from './sensor-readings';
import { Topics, TopicName } from './topics';

const isoTime = z.iso.datetime({ offset: true });
const GeoPointSchema = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

export const TierSchema = z.enum(['T1_MINOR', 'T2_GENERAL', 'T3_MAJOR']);
export const LevelSchema = z.enum(['I', 'II', 'III', 'IV']).nullable();
const TeamStatusSchema = z.enum([
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'returning',
  'out_of_service',
]);
const TaskRoleSchema = z.enum(['lead', 'support', 'notify', 'supervise']);
const CasualtiesSchema = z.object({
  deaths: z.number().int().min(0).optional(),
  missing: z.number().int().min(0).optional(),
  seriousInjuries: z.number().int().min(0).optional(),
  trapped: z.number().int().min(0).optional(),
});
/** Which task an event is about (the incident id is the Kafka key). */
const TaskRefSchema = z.object({ taskId: z.uuid(), incidentId: z.uuid(), unitId: z.string() });
const DeadlineKindSchema = z.enum(['ack', 'depart', 'arrive', 'firstReport', 'complete']);
/** A deadline timer that fired: which promise, when it fell due, and how late the firing was. */
const DeadlineFiringSchema = TaskRefSchema.extend({
  deadline: DeadlineKindSchema,
  deadlineAt: isoTime,
  lateMs: z.number().int().min(0),
  /** Fired well after it fell due (the timer store or the escalator was down). */
  late: z.boolean(),
});
const GradeSchema = z.object({ tier: TierSchema, level: LevelSchema });
/** Which alarm fed an incident, from whom and when (provenance, shared by opening and joining). */
const AlarmProvenanceSchema = z.object({
  incidentId: z.uuid(),
  alarmId: z.uuid(),
  alarmSource: z.string(),
  alarmReceivedAt: isoTime,
  type: z.string(),
  /** The source's own id of the alarm (call number, CAP identifier): what the audit shows beside its receipt. */
  alarmExternalId: z.string().optional(),
});
/** A grade moving from one tier/level to another, and why (shared by reclassification and its proposal). */
const GradeChangeSchema = z.object({
  incidentId: z.uuid(),
  from: GradeSchema,
  to: GradeSchema,
  reasons: z.array(z.string()),
  ruleSetVersion: z.string(),
});

/** Who a notification reaches: a person on a unit's roster (or the unit's own line), with a phone for SMS. */
export const NotificationRecipientSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  /** Their sign-in name when they are a member; null for a unit's own line (值班电话). */
  userName: z.string().nullable(),
  /** head, deputy, duty_officer, liaison, or `unit_line`. */
  role: z.string(),
});
/** Which notification a delivery carried and where it went (no secret, no path: the receiver's origin). */
const NotificationDeliveryRefSchema = z.object({
  /** The event told of: every delivery of it carries this id (idempotency key). */
  notificationId: z.uuid(),
  incidentId: z.uuid().nullable(),
  /** The warning told of, when it is a warning's (its timeline holds the delivery). */
  warningId: z.uuid().optional(),
  event: z.string(),
  deliveryId: z.uuid(),
  webhookId: z.uuid(),
  origin: z.string(),
  attempts: z.number().int().min(1),
  statusCode: z.number().int().nullable(),
});
/** Which warning task an event is about (the warning id is the Kafka key, so one warning stays in order). */
const WarningTaskRefSchema = z.object({
  warningId: z.uuid(),
  taskId: z.uuid(),
  hazardPointId: z.string(),
  hazardPointName: z.string(),
  /** The point's township: its office is the ladder's top rung. */
  townshipCode: z.string(),
  /** patrol, standby or evacuate. */
  action: z.string(),
  assigneeUserName: z.string(),
});
/** What a warning says now: enough for a feed or a timeline line (its area and tasks are read by id). */
const WarningFactsSchema = z.object({
  warningId: z.uuid(),
  event: z.string(),
  hazardType: z.string(),
  /** blue, yellow, orange or red; null when the alert gave only a CAP severity. */
  colour: z.string().nullable(),
  areaDescription: z.string(),
  expiresAt: isoTime.nullable(),
  revision: z.number().int().min(0),
});
export const SensorKindSchema = z.enum(SENSOR_KINDS);

/** Payload schemas, one per event type and version. Consumers validate against these before any command runs. */
export const EventPayloads = {
  AlarmReceived: {
    version: 1,
    topic: Topics.alarms,
    // 属地: a township's alarms go through one partition, in order. Correlation batches of different
    // partitions then rarely want the same grid cells, so they seldom wait for each other's locks.
    key: 'townshipCode',
    schema: z.object({
      alarmId: z.uuid(),
      source: z.string().min(1),
      externalId: z.string().min(1),
      type: z.string().min(1),
      occurredAt: isoTime,
      receivedAt: isoTime,
      townshipCode: z.string().regex(/^\d{9}$/),
      location: GeoPointSchema.nullable(),
      description: z.string(),
      exercise: z.boolean().optional(),
    }),
  },
  IncidentOpened: {
    version: 1,
    topic: Topics.incidents,
    schema: AlarmProvenanceSchema.extend({
      townshipCode: z.string(),
      location: GeoPointSchema.nullable(),
      description: z.string(),
      /** A drill (应急演练): it runs the real flow and stays out of the statistics. */
      exercise: z.boolean().optional(),
    }),
  },
  IncidentClassified: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      incidentId: z.uuid(),
      tier: TierSchema,
      level: LevelSchema,
      reasons: z.array(z.string()),
      ruleSetVersion: z.string(),
      category: z.string().optional(),
    }),
  },
  AlarmJoinedIncident: {
    version: 1,
    topic: Topics.incidents,
    schema: AlarmProvenanceSchema.extend({ distanceMetres: z.number().nullable() }),
  },
  IncidentReclassified: {
    version: 1,
    topic: Topics.incidents,
    schema: GradeChangeSchema.extend({
      /** Null for an upgrade (applied at once); the officer who confirmed a downgrade. */
      confirmedBy: z.string().nullable(),
    }),
  },
  IncidentCancelled: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      incidentId: z.uuid(),
      alarmId: z.uuid(),
      alarmSource: z.string(),
      reason: z.string(),
    }),
  },
  IncidentDowngradeProposed: {
    version: 1,
    topic: Topics.incidents,
    schema: GradeChangeSchema,
  },

  TaskDispatched: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      taskId: z.uuid(),
      incidentId: z.uuid(),
      unitId: z.string(),
      role: TaskRoleSchema,
      ackDeadlineAt: isoTime,
      escalationStep: z.number().int().min(0),
      escalatedFromTaskId: z.uuid().nullable(),
      clauseId: z.string(),
      planVersion: z.string(),
      /** Later deadlines the plan sets for the role (depart, arrive, first report), as instants. */
      departDeadlineAt: isoTime.nullable().optional(),
      arriveDeadlineAt: isoTime.nullable().optional(),
      firstReportDeadlineAt: isoTime.nullable().optional(),
      completeDeadlineAt: isoTime.nullable().optional(),
      /** Drill time: every deadline and ladder wait multiplied by it (1 in real use). */
      timeScale: z.number().positive().optional(),
      /** Rescue-team capabilities the plan requires under this task (a unit's) or the team brings (a team's). */
      capabilities: z.array(z.string()).optional(),
      /** A rescue team's estimated arrival, by the travel-time model; null for other units. */
      etaSeconds: z.number().int().min(0).nullable().optional(),
    }),
  },
  CityReportRequired: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      incidentId: z.uuid(),
      tier: TierSchema,
      level: LevelSchema,
      planVersion: z.string(),
      /** The plan's clauses that say to report up (reportUpToCity). */
      clauseIds: z.array(z.string()).min(1),
    }),
  },
  RescueCircleBreachPredicted: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      incidentId: z.uuid(),
      circleSeconds: z.number().int().positive(),
      /** Earliest arrival of any chosen team; null when no team was available at all. */
      bestEtaSeconds: z.number().int().min(0).nullable(),
      teamIds: z.array(z.string()),
      /** Capabilities no available team has, and those none can bring inside the circle. */
      uncoveredCapabilities: z.array(z.string()),
      lateCapabilities: z.array(z.string()),
      clauseId: z.string(),
      planVersion: z.string(),
      /** Units tasked because of the breach, as the clause names. */
      escalatedToUnitIds: z.array(z.string()),
    }),
  },
  TaskAcknowledged: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({ acknowledgedAt: isoTime, late: z.boolean() }),
  },
  TaskDeparted: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({ departedAt: isoTime, late: z.boolean() }),
  },
  TaskArrived: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({
      arrivedAt: isoTime,
      late: z.boolean(),
      secondsFromDispatch: z.number().int().min(0),
    }),
  },
  TaskReported: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({
      reportId: z.uuid(),
      reportedAt: isoTime,
      text: z.string(),
      /** Figures the report adds; like an alarm's, they feed re-classification. */
      casualties: CasualtiesSchema.optional(),
      economicLossCny: z.number().min(0).optional(),
      /** The task's first report: it meets the first-report deadline (late or not). */
      first: z.boolean(),
      late: z.boolean(),
    }),
  },
  TaskCompleted: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({ completedAt: isoTime, late: z.boolean() }),
  },
  TaskDeclined: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({
      role: TaskRoleSchema,
      declinedAt: isoTime,
      reason: z.string().min(1),
      /** What the task was to bring: a declined team's replacement must bring it. */
      capabilities: z.array(z.string()),
    }),
  },
  TaskCancelled: {
    version: 1,
    topic: Topics.incidents,
    schema: TaskRefSchema.extend({ cancelledAt: isoTime, reason: z.string() }),
  },
  TaskDeadlineMissed: {
    version: 2,
    topic: Topics.incidents,
    schema: DeadlineFiringSchema.extend({
      /** How many ladder steps follow (0: recorded only). */
      ladderSteps: z.number().int().min(0),
    }),
  },
  TaskEscalated: {
    version: 2,
    topic: Topics.incidents,
    schema: DeadlineFiringSchema.extend({
      step: z.number().int().min(1),
      action: z.enum(['renotify', 'notify_leader', 'task_unit', 'dispatch_next_team', 'report_to_city']),
      /** Who was told or tasked, or why nobody could be. */
      target: z.object({
        unitId: z.string().optional(),
        userNames: z.array(z.string()).optional(),
        escalationTaskId: z.uuid().optional(),
        capabilities: z.array(z.string()).optional(),
        note: z.string().optional(),
      }),
      /** The ladder's top: nothing follows. */
      last: z.boolean(),
    }),
  },
  IncidentClosed: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      incidentId: z.uuid(),
      outcome: z.string().min(1),
      summary: z.string(),
      closedAt: isoTime,
      /** Teams still attached to the incident, now free again. */
      freedTeamIds: z.array(z.string()),
    }),
  },

  /** Who was told of an event, and through which channels (the console's live feed shows it to them). */
  NotificationIssued: {
    version: 1,
    topic: Topics.incidents,
    schema: z.object({
      notificationId: z.uuid(),
      incidentId: z.uuid().nullable(),
      /** The warning told of, when it is a warning's (its timeline holds the notice). */
      warningId: z.uuid().optional(),
      event: z.string(),
      text: z.string(),
      recipients: z.array(NotificationRecipientSchema),
      /** The units whose people are told: the console shows the notice to their officers. */
      unitIds: z.array(z.string()),
    }),
  },
  /** A gateway took a notification (answered 2xx). */
  NotificationDelivered: { version: 1, topic: Topics.incidents, schema: NotificationDeliveryRefSchema },
  /** A gateway never took a notification: every attempt failed, or its webhook was removed. */
  NotificationDeliveryFailed: {
    version: 1,
    topic: Topics.incidents,
    schema: NotificationDeliveryRefSchema.extend({ reason: z.string() }),
  },

  /** The commander pointed notifications at a gateway (its origin only: a path may carry the gateway's token). */
  WebhookRegistered: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'webhookId',
    schema: z.object({ webhookId: z.uuid(), origin: z.string(), events: z.array(z.string()).min(1) }),
  },
  WebhookRemoved: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'webhookId',
    schema: z.object({ webhookId: z.uuid(), origin: z.string() }),
  },

  /** A monitoring reading over its sensor's threshold (the warning flow turns it into a Warning). */
  SensorThresholdExceeded: {
    version: 1,
    topic: Topics.monitoring,
    key: 'hazardPointId',
    schema: z.object({
      sensorId: z.string(),
      hazardPointId: z.string(),
      kind: SensorKindSchema,
      value: z.number(),
      threshold: z.number(),
      /** mm/h, mm or m, by kind. */
      unit: z.string(),
      measuredAt: isoTime,
      source: z.string(),
    }),
  },

  /** 预警发布: a forecast or warning opened (its tasks follow as WarningTaskAssigned). */
  WarningIssued: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: WarningFactsSchema.extend({ source: z.string(), sender: z.string(), effectiveAt: isoTime }),
  },
  /** 预警变更: an Update changed its colour, area or expiry. */
  WarningAmended: { version: 1, topic: Topics.monitoring, key: 'warningId', schema: WarningFactsSchema },
  /** 预警解除: a Cancel, or its expiry; its open tasks are stood down. */
  WarningEnded: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: z.object({ warningId: z.uuid(), reason: z.enum(['cancelled', 'expired']), endedAt: isoTime }),
  },
  WarningTaskAssigned: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: WarningTaskRefSchema.extend({
      /** monitor or person_in_charge. */
      assigneeRole: z.string(),
      acknowledgeDueAt: isoTime,
      completeDueAt: isoTime,
    }),
  },
  WarningTaskAcknowledged: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: WarningTaskRefSchema.extend({ acknowledgedAt: isoTime, late: z.boolean() }),
  },
  WarningTaskCompleted: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: WarningTaskRefSchema.extend({ completedAt: isoTime, late: z.boolean() }),
  },
  /** The warning ended, or after an Update no longer owes the task. */
  WarningTaskStoodDown: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: WarningTaskRefSchema.extend({ reason: z.string() }),
  },
  /** A rung of the task's ladder: its acknowledgement or completion is overdue. */
  WarningTaskEscalated: {
    version: 1,
    topic: Topics.monitoring,
    key: 'warningId',
    schema: WarningTaskRefSchema.extend({
      deadline: z.enum(['ack', 'complete']),
      step: z.number().int().min(0),
      /** What the rung does (`action` is the task's own: patrol, standby, evacuate). */
      ladderAction: z.enum(['renotify_assignee', 'notify_person_in_charge', 'notify_township_office']),
      /** A user name, or the township office's unit id. */
      target: z.string(),
      /** The ladder's top: nothing follows. */
      last: z.boolean(),
    }),
  },

  RescueTeamStatusChanged: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'teamId',
    schema: z.object({
      teamId: z.string(),
      from: TeamStatusSchema,
      to: TeamStatusSchema,
      /** The incident the team was sent to or came back from, when there is one. */
      incidentId: z.uuid().nullable(),
      reason: z.string(),
    }),
  },
  UnitChanged: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'unitId',
    schema: z.object({
      unitId: z.string(),
      /** The top-level fields that changed (name, contact, members, roster, responsibleFor, note, team …). */
      changed: z.array(z.string()),
      /** Absent on events written before units could be created and retired: an edit. */
      action: z.enum(['created', 'edited', 'retired']).optional(),
      /** Members given an account (a one-time password, shown once to who made the change). */
      accountsOpened: z.array(z.string()).optional(),
      /** Members whose account was retired with their removal. */
      accountsRetired: z.array(z.string()).optional(),
    }),
  },
  /** An account's role changed by the commander or an administrator (a member's account opens as duty officer). */
  UserRoleChanged: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'userName',
    schema: z.object({
      userName: z.string(),
      from: z.string(),
      to: z.string(),
    }),
  },
  /** A person changed their own password; never the password nor its hash, only whose and who changed it. */
  UserPasswordChanged: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'userName',
    schema: z.object({
      userName: z.string(),
      /** Who changed it: today always the user themselves. */
      changedBy: z.string(),
    }),
  },
  TownshipPointCorrected: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'townshipCode',
    schema: z.object({
      townshipCode: z.string(),
      from: z.object({ lat: z.number(), lon: z.number() }),
      to: z.object({ lat: z.number(), lon: z.number() }),
    }),
  },
  ResponsePlanPublished: {
    version: 1,
    topic: Topics.commandStructure,
    key: 'planVersion',
    schema: z.object({
      planVersion: z.string(),
      previousVersion: z.string().nullable(),
      clauses: z.number().int().min(1),
    }),
  },
} as const;

export type EventType = keyof typeof EventPayloads;
export type EventPayload<T extends EventType> = z.infer<(typeof EventPayloads)[T]['schema']>;

/** A fact recorded by the domain, before it is wrapped in an envelope. */
export type DomainEvent = { [T in EventType]: { type: T; payload: EventPayload<T> } }[EventType];

/** Every fact about a task (its stages, reports and deadlines): what moves a task's timers. */
export const TASK_EVENT_TYPES = [
  'TaskDispatched',
  'TaskAcknowledged',
  'TaskDeparted',
  'TaskArrived',
  'TaskReported',
  'TaskCompleted',
  'TaskDeclined',
  'TaskCancelled',
  'TaskDeadlineMissed',
  'TaskEscalated',
] as const satisfies readonly EventType[];

/** Every fact about a warning and its tasks: district-wide news, keyed by the warning. */
export const WARNING_EVENT_TYPES = [
  'WarningIssued',
  'WarningAmended',
  'WarningEnded',
  'WarningTaskAssigned',
  'WarningTaskAcknowledged',
  'WarningTaskCompleted',
  'WarningTaskStoodDown',
  'WarningTaskEscalated',
] as const satisfies readonly EventType[];

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EventPayloads, type);
}

export function topicOf(type: EventType): TopicName {
  return EventPayloads[type].topic;
}
