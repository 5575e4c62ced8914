import type { Actor, DomainEvent } from '@erp/contracts';
import type { AlarmStore } from '../alarm/alarm-store.port';
import type {
  AuditTimelineStore,
  CheckpointStore,
  EventLogStore,
  ResponseTimesStore,
  TimelineRebuildStore,
} from '../audit/audit-trail.port';
import type {
  StructureSnapshotReader,
  TeamStatusStore,
  UnitStore,
} from '../command-structure/structure-store.port';
import type { AlarmSourceStore, LoginAttemptStore, UserStore } from '../identity/identity-store.port';
import type { HazardPointStore } from '../hazard/hazard-point-store.port';
import type { IncidentStore } from '../incident/incident-store.port';
import type { PlanStore } from '../response-plan/plan-store.port';
import type { TaskReportStore, TaskStore } from '../task/task-store.port';
import type { WebhookStore } from '../notification/webhook-store.port';
import type { SensorStore } from '../monitoring/sensor-store.port';
import type { WarningStore } from '../warning/warning-store.port';

/** Why and by whom events are being recorded: the audit timeline hangs on these. */
export interface Causation {
  actor: Actor;
  correlationId: string;
  /** The event (or request) this work answers; null for the first fact of a chain. */
  causationId: string | null;
}

/** Every store the use cases read and write through: ports, implemented on PostgreSQL. */
export interface Stores {
  readonly tasks: TaskStore;
  readonly taskReports: TaskReportStore;
  readonly incidents: IncidentStore;
  readonly alarms: AlarmStore;
  readonly units: UnitStore;
  readonly teams: TeamStatusStore;
  readonly structure: StructureSnapshotReader;
  readonly plans: PlanStore;
  readonly eventLog: EventLogStore;
  readonly auditTimeline: AuditTimelineStore;
  readonly checkpoints: CheckpointStore;
  readonly responseTimes: ResponseTimesStore;
  readonly timelineRebuild: TimelineRebuildStore;
  readonly users: UserStore;
  readonly loginAttempts: LoginAttemptStore;
  readonly alarmSources: AlarmSourceStore;
  readonly webhooks: WebhookStore;
  readonly sensors: SensorStore;
  readonly hazardPoints: HazardPointStore;
  readonly warnings: WarningStore;
  /** Serialises work on these keys until the transaction ends, in one order, so callers never deadlock. */
  lockKeys(keys: readonly string[]): Promise<void>;
}

/** What a transaction can do: the stores, its events (outbox) and the inbox, all committed together. */
export interface Transaction extends Stores {
  /** Writes events into the outbox at the end of the transaction, in order, with the state that caused them. */
  record(events: DomainEvent[], causation: Causation, occurredAt?: Date): Promise<void>;
  /** The inbox: true the first time `consumer` sees `eventId` in a committed transaction, false after. */
  firstDelivery(consumer: string, eventId: string): Promise<boolean>;
  /** The inbox for a batch, in one statement: the items whose event `consumer` sees for the first time. */
  firstDeliveries<T>(consumer: string, items: readonly T[], eventIdOf: (item: T) => string): Promise<T[]>;
}

/**
 * One connection's stores, for tools that need a session of their own (a temporary table) and their own
 * transactions on it: the audit's rebuild.
 */
export interface Session extends Stores {
  inTransaction<T>(work: () => Promise<T>): Promise<T>;
}

/** Runs work in one transaction: state, its events and the inbox mark commit together, or nothing does. */
export abstract class UnitOfWork {
  abstract run<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
}

/** The stores outside any transaction, for reads (query handlers, read models, guards). */
export abstract class ReadStore implements Stores {
  abstract get tasks(): TaskStore;
  abstract get taskReports(): TaskReportStore;
  abstract get incidents(): IncidentStore;
  abstract get alarms(): AlarmStore;
  abstract get units(): UnitStore;
  abstract get teams(): TeamStatusStore;
  abstract get structure(): StructureSnapshotReader;
  abstract get plans(): PlanStore;
  abstract get eventLog(): EventLogStore;
  abstract get auditTimeline(): AuditTimelineStore;
  abstract get checkpoints(): CheckpointStore;
  abstract get responseTimes(): ResponseTimesStore;
  abstract get timelineRebuild(): TimelineRebuildStore;
  abstract get users(): UserStore;
  abstract get loginAttempts(): LoginAttemptStore;
  abstract get alarmSources(): AlarmSourceStore;
  abstract get webhooks(): WebhookStore;
  abstract get sensors(): SensorStore;
  abstract get hazardPoints(): HazardPointStore;
  abstract get warnings(): WarningStore;
  abstract lockKeys(keys: readonly string[]): Promise<void>;
  /** True when the database answers. */
  abstract isUp(): Promise<boolean>;
}
