import { EntityManager } from 'typeorm';
import {
  AlarmSourceStore,
  AlarmStore,
  IncidentStore,
  LoginAttemptStore,
  PlanStore,
  ReadStore,
  StraightLineTerrainModel,
  StructureSnapshotReader,
  TaskReportStore,
  TaskStore,
  TeamStatusStore,
  TimelineStore,
  UnitStore,
  UserStore,
} from '@erp/domain';
import { lockKeys } from './advisory-locks';
import { AlarmRepository } from './repositories/alarm.repository';
import {
  CommandStructureRepository,
  RescueTeamRepository,
} from './repositories/command-structure.repository';
import { CommandStructureSnapshots } from './repositories/command-structure-snapshots';
import { AlarmSourceRepository, UserRepository } from './repositories/identity.repository';
import { IncidentRepository } from './repositories/incident.repository';
import { LoginAttemptsRepository } from './repositories/login-attempts.repository';
import { ResponsePlanRepository } from './repositories/response-plan.repository';
import { TaskReportRepository, TaskRepository } from './repositories/task.repository';
import { TimelineRepository } from './repositories/timeline.repository';

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
  get timeline(): TimelineStore {
    return this.once('timeline', () => on(TimelineRepository, this.manager));
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

  lockKeys(keys: readonly string[]): Promise<void> {
    return lockKeys(this.manager, keys);
  }
}
