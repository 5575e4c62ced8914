import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  Clock,
  DEFAULT_ESCALATION_ACK_SECONDS,
  EscalationEffect,
  escalationUnit,
  Incident,
  ladderFor,
  LadderStep,
  leaderEffect,
  pendingFiring,
  renotifyEffect,
  Task,
  TaskState,
  UnitOfWork,
  UnitRegistry,
} from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { DeadlineTimer } from '@erp/timers';
import { PlanCatalogue } from '../plan-catalogue';
import { timerCausation } from '../timer-causation';
import { DeadlineOutcome, HandleDeadlineCommand } from './handle-deadline.command';

/**
 * A deadline timer fired. The task is re-read under a row lock (and its incident's, which serialises the
 * escalations of one incident): a deadline already met, a step already taken, or a firing that came early
 * changes nothing, so a late, duplicate or second escalator's firing is harmless. Otherwise firing 0
 * records the miss and firing k takes ladder step k (逐级上报): re-notify, tell the leader, task a unit of
 * the next tier to supervise, ask dispatch for the next team, or report to the city. The next step's
 * time is saved with it; its timer is scheduled after the commit (and kept by the reconciler).
 */
@CommandHandler(HandleDeadlineCommand)
export class HandleDeadlineHandler implements ICommandHandler<HandleDeadlineCommand> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly plans: PlanCatalogue,
  ) {}

  async execute({
    taskId,
    deadline,
    ordinal,
  }: HandleDeadlineCommand): Promise<{ outcome: DeadlineOutcome; next: DeadlineTimer | null }> {
    return this.unitOfWork.run(async (tx) => {
      const task = await tx.tasks.getForUpdate(taskId);
      if (!task) return { outcome: 'moved-on', next: null };
      const s = task.snapshot();
      const incident = await tx.incidents.getForUpdate(s.incidentId);
      if (!incident || incident.snapshot().status !== 'open') return { outcome: 'moved-on', next: null };
      const [plan, registry, onIncident] = await Promise.all([
        this.plans.byVersion(tx, s.planVersion),
        tx.structure.registry(),
        tx.tasks.listByIncident(s.incidentId),
      ]);
      const ladder = ladderFor(plan ?? { clauses: [] }, s.clauseId, deadline);
      const now = this.clock.now();
      const effects = new StepEffects(s, incident, registry, onIncident, now);
      const firing = task.fire(deadline, ordinal, now, ladder, (step) => effects.of(step));
      if (firing.outcome === 'moved-on' || firing.outcome === 'not-yet-due') {
        return { outcome: firing.outcome, next: null };
      }
      await tx.tasks.save(task);
      await tx.tasks.insertAll(effects.tasked);
      if (effects.reportedUp) await tx.incidents.save(incident);
      await tx.record(
        [...task.pullEvents(), ...effects.tasked.flatMap((t) => t.pullEvents()), ...incident.pullEvents()],
        timerCausation(s.incidentId, { taskId, deadline, ordinal }),
        now,
      );
      const pending = pendingFiring(task.deadline(deadline)!);
      return {
        outcome: firing.outcome,
        next: pending ? { taskId, deadline, ordinal: pending.ordinal, dueAt: pending.dueAt } : null,
      };
    });
  }
}

/** What each ladder step does for this task, with the tasks and city report it adds. */
class StepEffects {
  readonly tasked: Task[] = [];
  reportedUp = false;

  constructor(
    private readonly task: TaskState,
    private readonly incident: Incident,
    private readonly registry: UnitRegistry,
    private readonly onIncident: readonly TaskState[],
    private readonly at: Date,
  ) {}

  of(step: LadderStep): EscalationEffect {
    const t = this.task;
    switch (step.action) {
      case 'renotify':
        return renotifyEffect(this.registry.byId(t.unitId), t.unitId, this.at);
      case 'notify_leader':
        return leaderEffect(this.registry.byId(t.unitId), t.unitId, this.at);
      case 'task_unit':
        return this.taskUnit(step);
      case 'dispatch_next_team': {
        const isTeam = this.registry.byId(t.unitId)?.kind === 'rescue_team';
        return isTeam || t.capabilities.length > 0
          ? { capabilities: [...t.capabilities] }
          : { note: '该任务无需救援队伍能力，未增派 nothing to send for this task' };
      }
      case 'report_to_city': {
        const before = this.incident.snapshot().reportedUpAt;
        this.incident.requireCityReport(this.at, t.planVersion, [t.clauseId]);
        this.reportedUp = before === null && this.incident.snapshot().reportedUpAt !== null;
        return {
          note: this.reportedUp ? '已上报市级 reported to the city' : '此前已上报市级 reported before',
        };
      }
    }
  }

  /** A supervise task for the step's unit, unless that unit already supervises this incident. */
  private taskUnit(step: LadderStep): EscalationEffect {
    const s = this.incident.snapshot();
    const unit = escalationUnit(step, this.registry, s);
    if (typeof unit === 'string') return { note: unit };
    if (unit.id === this.task.unitId) return { unitId: unit.id, note: '即本单位 the unit itself' };
    const existing = [...this.onIncident, ...this.tasked.map((x) => x.snapshot())].find(
      (x) => x.unitId === unit.id && x.role === 'supervise',
    );
    if (existing)
      return { unitId: unit.id, escalationTaskId: existing.id, note: '已在督办 already supervising' };
    const supervise = Task.dispatch(
      {
        id: randomUUID(),
        incidentId: s.id,
        unitId: unit.id,
        role: 'supervise',
        deadlines: { ack: step.acknowledgeSeconds ?? DEFAULT_ESCALATION_ACK_SECONDS },
        timeScale: this.task.timeScale,
        escalationStep: this.task.escalationStep + 1,
        escalatedFromTaskId: this.task.id,
        clauseId: `escalation:${this.task.clauseId}`,
        planVersion: this.task.planVersion,
      },
      this.at,
    );
    this.tasked.push(supervise);
    return { unitId: unit.id, escalationTaskId: supervise.id };
  }
}
