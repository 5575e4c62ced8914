import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { Topics } from '@erp/contracts';
import { consumeEvents, DecodedEvent, EVENT_STREAM, EventStream } from '@erp/event-stream';
import { TaskRepository } from '@erp/persistence';
import { Infrastructure, structured } from '@erp/platform';
import { applyTimerChanges, DEADLINE_TIMERS, DeadlineTimers, TimerChange } from '@erp/timers';
import { HandleAckDeadlineCommand } from './handle-ack-deadline/handle-ack-deadline.command';
import { ESCALATOR } from './handle-ack-deadline/handle-ack-deadline.handler';

/** Timers rebuilt at start-up go out this many per round trip. */
const REBUILD_CHUNK = 500;

/** Thrown so the timer job retries: the timer fired before our clock reached the deadline. */
class DeadlineNotYetDue extends Error {}

/**
 * Keeps one timer per watched deadline: scheduled on TaskDispatched, removed on TaskAcknowledged, and
 * rebuilt from Postgres at start-up (Redis holds nothing that Postgres cannot restore).
 */
@Injectable()
export class DeadlineWatch implements OnModuleInit {
  private readonly logger = new Logger(DeadlineWatch.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STREAM) private readonly stream: EventStream,
    @Inject(DEADLINE_TIMERS) private readonly timers: DeadlineTimers,
    @Inject(Infrastructure) private readonly infra: Infrastructure,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.timers.start(async (timer) => {
      const outcome = await this.commands.execute(new HandleAckDeadlineCommand(timer.taskId));
      if (outcome === 'not-yet-due') throw new DeadlineNotYetDue(`task ${timer.taskId} not yet due`);
      if (outcome === 'escalated' || outcome === 'missed') {
        this.logger.warn(`任务超时未签收 task ${timer.taskId} missed its ack deadline: ${outcome}`);
      }
    });
    const watched = await TaskRepository.listAwaitingAcknowledgement(this.dataSource.manager);
    for (let i = 0; i < watched.length; i += REBUILD_CHUNK) {
      await this.timers.scheduleAll(
        watched
          .slice(i, i + REBUILD_CHUNK)
          .map((task) => ({ taskId: task.id, deadline: 'ack' as const, dueAt: task.ackDeadlineAt })),
      );
    }
    if (watched.length) this.logger.log(`恢复计时器 rebuilt ${watched.length} deadline timers from Postgres`);

    const subscription = await consumeEvents(this.stream, {
      group: ESCALATOR,
      topics: [Topics.incidents],
      types: ['TaskDispatched', 'TaskAcknowledged'],
      log: structured(this.logger, DeadlineWatch.name),
      handle: (event) => this.apply([event]),
      handleBatch: (events) => this.apply(events),
    });
    this.infra.track(subscription);
  }

  /**
   * Applies events in their order: consecutive TaskDispatched go out as one `scheduleAll`, flushed before
   * any cancel, so a task dispatched and acknowledged within one batch still ends with no timer.
   */
  async apply(events: readonly DecodedEvent[]): Promise<void> {
    const changes: TimerChange[] = [];
    for (const event of events) {
      if (event.type === 'TaskDispatched') {
        const p = event.payload as { taskId: string; ackDeadlineAt: string };
        changes.push({
          kind: 'schedule',
          timer: { taskId: p.taskId, deadline: 'ack', dueAt: new Date(p.ackDeadlineAt) },
        });
      } else if (event.type === 'TaskAcknowledged') {
        changes.push({
          kind: 'cancel',
          taskId: (event.payload as { taskId: string }).taskId,
          deadline: 'ack',
        });
      }
    }
    await applyTimerChanges(this.timers, changes);
  }
}
