import { TASK_EVENT_TYPES, Topics } from '@erp/contracts';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { APP_CONFIG, Infrastructure, structured } from '@erp/platform';
import {
  applyTimerChanges,
  DEADLINE_TIMERS,
  DeadlineTimer,
  DeadlineTimers,
  TimerChange,
  WARNING_EXPIRY,
  warningExpiryTimer,
  warningTaskDeadlineOf,
  warningTaskTimers,
} from '@erp/timers';
import { HandleWarningDeadlineCommand } from './handle-warning-deadline/handle-warning-deadline.command';
import { EndExpiredWarningCommand } from './end-expired-warning/end-expired-warning.command';
import { HandleDeadlineCommand } from './handle-deadline/handle-deadline.command';
import { ESCALATOR } from './timer-causation';
import { reconcileTimers, Reconciliation } from './timer-reconciler';
import { isDeadlineKind, ReadStore } from '@erp/domain';

/** The warning events after which a warning or its new tasks want timers. */
const WARNING_TIMER_EVENT_TYPES = ['WarningIssued', 'WarningAmended', 'WarningTaskAssigned'] as const;

/** Thrown so the timer job retries: the timer fired before our clock reached its time. */
class DeadlineNotYetDue extends Error {}

/**
 * Keeps one timer per watched deadline, following PostgreSQL: on any task event the task's deadlines are
 * read back and its timers set to match (a late or reordered event cannot undo a newer state), and the
 * reconciler holds the whole store to PostgreSQL at start-up and every RECONCILE_SECONDS. A timer store
 * that is down never holds up the stream: the change is logged and the next reconciliation makes it.
 */
@Injectable()
export class DeadlineWatch implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineWatch.name);
  private reconciling: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly commands: CommandBus,
    private readonly store: ReadStore,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(DEADLINE_TIMERS) private readonly timers: DeadlineTimers,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.timers.start(async (timer) => {
      const warningDeadline = warningTaskDeadlineOf(timer.deadline);
      if (warningDeadline) {
        const { outcome, next } = await this.commands.execute(
          new HandleWarningDeadlineCommand(timer.taskId, warningDeadline, timer.ordinal),
        );
        if (outcome === 'not-yet-due')
          throw new DeadlineNotYetDue(`warning task ${timer.taskId} not yet due`);
        if (outcome === 'escalated') {
          this.logger.warn(
            `预警任务超时 warning task ${timer.taskId} ${warningDeadline} step ${timer.ordinal}`,
          );
        }
        if (next) await this.timers.schedule(next).catch((e) => this.storeDown(e));
        return;
      }
      if (timer.deadline === WARNING_EXPIRY) {
        const { outcome } = await this.commands.execute(
          new EndExpiredWarningCommand(timer.taskId, timer.ordinal),
        );
        if (outcome === 'not-yet-due') throw new DeadlineNotYetDue(`warning ${timer.taskId} not yet expired`);
        return;
      }
      if (!isDeadlineKind(timer.deadline)) return; // a timer kind this version does not know
      const { outcome, next } = await this.commands.execute(
        new HandleDeadlineCommand(timer.taskId, timer.deadline, timer.ordinal),
      );
      if (outcome === 'not-yet-due')
        throw new DeadlineNotYetDue(`${timer.taskId} ${timer.deadline} not yet due`);
      if (outcome !== 'moved-on') {
        this.logger.warn(`任务超时 task ${timer.taskId} ${timer.deadline} #${timer.ordinal}: ${outcome}`);
      }
      if (next) await this.timers.schedule(next).catch((e) => this.storeDown(e));
    });
    await this.reconcile();
    this.scheduleReconcile();
    const subscription = await consumeEvents(this.stream, {
      group: ESCALATOR,
      topics: [Topics.incidents],
      types: [...TASK_EVENT_TYPES],
      log: structured(this.logger, DeadlineWatch.name),
      handle: (event) => this.follow([event]),
      handleBatch: (events) => this.follow(events),
    });
    this.infra.track(subscription);
    // A warning's timers follow its events the same way, in services mode as in the single node.
    this.infra.track(
      await consumeEvents(this.stream, {
        group: `${ESCALATOR}.warnings`,
        topics: [Topics.monitoring],
        types: [...WARNING_TIMER_EVENT_TYPES],
        log: structured(this.logger, DeadlineWatch.name),
        handle: (event) => this.followWarnings([event]),
        handleBatch: (events) => this.followWarnings(events),
      }),
    );
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.reconciling);
  }

  /** Sets the timers of the tasks these events are about to what PostgreSQL says now. */
  async follow(events: readonly DecodedEvent[]): Promise<void> {
    const taskIds = [...new Set(events.map((e) => (e.payload as { taskId: string }).taskId))];
    const rows = await this.store.tasks.watchOf(taskIds);
    const changes: TimerChange[] = rows.map((d) =>
      d.nextAt
        ? {
            kind: 'schedule',
            timer: { taskId: d.taskId, deadline: d.kind, ordinal: d.fired, dueAt: d.nextAt },
          }
        : { kind: 'cancel', timer: { taskId: d.taskId, deadline: d.kind, ordinal: d.fired } },
    );
    await applyTimerChanges(this.timers, changes).catch((e) => this.storeDown(e));
  }

  /**
   * Sets the timers of the warnings and warning tasks these events are about, read back from PostgreSQL:
   * the expiry of a warning still active at its revision, the next ladder step of each task still open.
   * Scheduling is idempotent (deterministic ids), so a redelivered event sets nothing twice; what a timer
   * store that is down misses, the reconciler sets.
   */
  async followWarnings(events: readonly DecodedEvent[]): Promise<void> {
    const warningIds = new Set<string>();
    const taskIds = new Set<string>();
    for (const e of events) {
      const { warningId, taskId } = e.payload as { warningId: string; taskId?: string };
      if (taskId) taskIds.add(taskId);
      else warningIds.add(warningId);
    }
    const timers: DeadlineTimer[] = [];
    for (const id of warningIds) {
      const w = await this.store.warnings.get(id);
      if (w?.status === 'active' && w.expiresAt) {
        timers.push(warningExpiryTimer({ warningId: w.id, revision: w.revision, expiresAt: w.expiresAt }));
      }
    }
    // Only the tasks named: a district-wide warning's thousands arrive over many batches.
    if (taskIds.size) {
      timers.push(...(await this.store.warnings.tasksByIds([...taskIds])).flatMap(warningTaskTimers));
    }
    if (timers.length) await this.timers.scheduleAll(timers).catch((e) => this.storeDown(e));
  }

  /** Holds the store to PostgreSQL now; a failure is logged and the next run tries again. */
  async reconcile(): Promise<Reconciliation | null> {
    try {
      const result = await reconcileTimers(this.store, this.timers);
      const { wanted, restored, removed } = result;
      this.infra.lastTimerReconciliation = { at: this.infra.clock.now(), wanted, restored, removed };
      if (result.restored || result.removed) {
        this.logger.warn(
          `计时器对账 reconciled timers: ${result.restored} restored, ${result.removed} removed, ${result.wanted} pending (${result.durationMs} ms)`,
        );
      }
      return result;
    } catch (e) {
      this.logger.error(`计时器对账失败 timer reconciliation failed: ${(e as Error).message}`);
      return null;
    }
  }

  private scheduleReconcile(): void {
    if (this.stopped) return;
    this.reconciling = setTimeout(() => {
      void this.reconcile().finally(() => this.scheduleReconcile());
    }, this.config.reconcileSeconds * 1000);
    this.reconciling.unref();
  }

  private storeDown(e: unknown): void {
    this.logger.warn(
      `计时器存储不可用，待对账补齐 timer store unavailable, the reconciler will catch up: ${(e as Error).message}`,
    );
  }
}
