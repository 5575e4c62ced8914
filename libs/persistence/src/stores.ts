import { EntityManager } from 'typeorm';
import {
  AlarmSourceStore,
  AlarmStore,
  IncidentStore,
  LoginAttemptStore,
  PlanStore,
  ReadStore,
  Session,
  StraightLineTerrainModel,
  StructureSnapshotReader,
  TaskReportStore,
  TaskStore,
  TeamStatusStore,
  AuditTimelineStore,
  CheckpointStore,
  EventLogStore,
  HazardPointStore,
  ResponseTimesStore,
  TimelineRebuildStore,
  UnitStore,
  UserStore,
  WebhookStore,
  SensorStore,
  WarningStore,
} from '@erp/domain';
import { lockKeys } from './advisory-locks';
import { createDataSource } from './data-source';
import { AlarmRepository } from './repositories/alarm.repository';
import {
  CommandStructureRepository,
  RescueTeamRepository,
} from './repositories/command-structure.repository';
import { CommandStructureSnapshots } from './repositories/command-structure-snapshots';
import { AlarmSourceRepository, UserRepository } from './repositories/identity.repository';
import { HazardPointRepository } from './repositories/hazard-point.repository';
import { IncidentRepository } from './repositories/incident.repository';
import { LoginAttemptsRepository } from './repositories/login-attempts.repository';
import { ResponsePlanRepository } from './repositories/response-plan.repository';
import { TaskReportRepository, TaskRepository } from './repositories/task.repository';
import { WarningRepository } from './repositories/warning.repository';
import { CheckpointRepository } from './audit/checkpoint.repository';
import { EventLogRepository } from './audit/event-log.repository';
import { ResponseTimesRepository } from './audit/response-times.repository';
import { TimelineRebuildRepository } from './audit/timeline-rebuild.repository';
import { TimelineRepository } from './audit/timeline.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { SensorRepository } from './repositories/sensor.repository';

/** A repository's functions with the manager they run on already given. */
type OnManager<R> = {
  [K in keyof R]: R[K] extends (manager: EntityManager, ...rest: infer A) => infer T
    ? (...rest: A) => T
    : never;
};

function on<R extends object>(repository: R, manager: EntityManager): OnManager<R> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(repository)) {
    bound[name] = (...rest: unknown[]) =>
      (fn as (m: EntityManager, ...r: unknown[]) => unknown)(manager, ...rest);
  }
  return bound as OnManager<R>;
}

/**
 * The domain's store ports on one PostgreSQL manager (a transaction's, or the pool's for reads), each made
 * the first time it is asked for.
 */
export class StoresOn extends ReadStore {
  private made = new Map<string, unknown>();

  constructor(
    protected readonly manager: EntityManager,
    private readonly snapshots = new CommandStructureSnapshots(new StraightLineTerrainModel()),
  ) {
    super();
  }

  async isUp(): Promise<boolean> {
    return this.manager
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
  }

  private once<T>(name: string, make: () => T): T {
    let store = this.made.get(name) as T | undefined;
    if (store === undefined) {
      store = make();
      this.made.set(name, store);
    }
    return store;
  }

  get tasks(): TaskStore {
    return this.once('tasks', () => on(TaskRepository, this.manager));
  }
  get taskReports(): TaskReportStore {
    return this.once('taskReports', () => on(TaskReportRepository, this.manager));
  }
  get incidents(): IncidentStore {
    return this.once('incidents', () => on(IncidentRepository, this.manager));
  }
  get alarms(): AlarmStore {
    return this.once('alarms', () => on(AlarmRepository, this.manager));
  }
  get units(): UnitStore {
    return this.once('units', () => on(CommandStructureRepository, this.manager));
  }
  get teams(): TeamStatusStore {
    return this.once('teams', () => on(RescueTeamRepository, this.manager));
  }
  get structure(): StructureSnapshotReader {
    return this.once('structure', () => ({
      read: () => this.snapshots.read(this.manager),
      registry: () => this.snapshots.registry(this.manager),
    }));
  }
  get plans(): PlanStore {
    return this.once('plans', () => on(ResponsePlanRepository, this.manager));
  }
  get eventLog(): EventLogStore {
    return this.once('eventLog', () => on(EventLogRepository, this.manager));
  }
  get auditTimeline(): AuditTimelineStore {
    return this.once('auditTimeline', () => on(TimelineRepository, this.manager));
  }
  get checkpoints(): CheckpointStore {
    return this.once('checkpoints', () => on(CheckpointRepository, this.manager));
  }
  get responseTimes(): ResponseTimesStore {
    return this.once('responseTimes', () => on(ResponseTimesRepository, this.manager));
  }
  get timelineRebuild(): TimelineRebuildStore {
    return this.once('timelineRebuild', () => on(TimelineRebuildRepository, this.manager));
  }
  get users(): UserStore {
    return this.once('users', () => on(UserRepository, this.manager));
  }
  get loginAttempts(): LoginAttemptStore {
    return this.once('loginAttempts', () => on(LoginAttemptsRepository, this.manager));
  }
  get alarmSources(): AlarmSourceStore {
    return this.once('alarmSources', () => on(AlarmSourceRepository, this.manager));
  }
  get webhooks(): WebhookStore {
    return this.once('webhooks', () => on(WebhookRepository, this.manager));
  }
  get sensors(): SensorStore {
    return this.once('sensors', () => on(SensorRepository, this.manager));
  }
  get hazardPoints(): HazardPointStore {
    return this.once('hazardPoints', () => on(HazardPointRepository, this.manager));
  }
  get warnings(): WarningStore {
    return this.once('warnings', () => on(WarningRepository, this.manager));
  }

  lockKeys(keys: readonly string[]): Promise<void> {
    return lockKeys(this.manager, keys);
  }
}

/** One connection's stores and its own transactions (a tool's session, e.g. with a temporary table). */
class SessionOn extends StoresOn implements Session {
  async inTransaction<T>(work: () => Promise<T>): Promise<T> {
    await this.manager.query('BEGIN');
    try {
      const result = await work();
      await this.manager.query('COMMIT');
      return result;
    } catch (e) {
      await this.manager.query('ROLLBACK');
      throw e;
    }
  }
}

/** Runs a tool's work on one session of the database at `url`, closed afterwards. */
export async function withSession<T>(
  url: string,
  applicationName: string,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const dataSource = createDataSource({ url, poolSize: 1, applicationName });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    return await work(new SessionOn(runner.manager));
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
