import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { DomainEvent } from '@erp/contracts';
import {
  Clock,
  deadlineSeconds,
  decideDispatch,
  DispatchDecision,
  DomainError,
  Incident,
  Task,
  teamStatusChanged,
  Transaction,
  UnitOfWork,
} from '@erp/domain';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { DispatchKnowledge } from './dispatch-knowledge';
import { claimTeams, runClaimingTeams } from './team-claims';
import { DispatchOwedTasksCommand, OwedTasksNotice } from './dispatch-owed-tasks.command';

/** The inbox and consumer-group name of plan dispatch (separate from alarm correlation's). */
export const PLAN_DISPATCHER = 'dispatcher.plan';

/**
 * 分级响应: an incident was classified or re-classified; create the tasks the response plan now owes it,
 * and send rescue teams inside the 15-minute circle. Exactly once, whatever the delivery:
 * - the inbox mark makes a redelivered event a no-op;
 * - the incident row is locked, so two dispatchers (or a reclassification racing the first dispatch)
 *   take turns, and the second sees the first's tasks and owes nothing more (`decideDispatch` on the
 *   incident's CURRENT tier and existing tasks, never on the event's);
 * - the unique index on (incident, unit, role) refuses a duplicate even if the code above were wrong;
 * - a team is taken by a conditional update (available → dispatched): a team two dispatchers chose at once
 *   goes to one of them; the other decides again.
 */
@CommandHandler(DispatchOwedTasksCommand)
export class DispatchOwedTasksHandler implements ICommandHandler<DispatchOwedTasksCommand, void> {
  private readonly logger = new Logger(DispatchOwedTasksHandler.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly knowledge: DispatchKnowledge,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ notices }: DispatchOwedTasksCommand): Promise<void> {
    await runClaimingTeams(this.unitOfWork, (tx) => this.dispatch(tx, notices));
  }

  /**
   * One transaction for a batch of notices: the incidents locked together (in id order), their tasks and
   * what dispatch knows read once, then each decided in order, each decision seeing the teams the earlier
   * ones took; the teams claimed, the tasks inserted, the incidents written at the end.
   */
  private async dispatch(tx: Transaction, notices: readonly OwedTasksNotice[]): Promise<void> {
    const todo = await tx.firstDeliveries(PLAN_DISPATCHER, notices, (n) => n.eventId);
    if (!todo.length) return;
    const ids = [...new Set(todo.map((n) => n.incidentId))];
    const incidents = await tx.incidents.lockAll(ids);
    // The incident commits with the event that names it (outbox), so an unknown one is not "not yet": it
    // is another database's, or forged. Dead-lettered, never retried for ever on its partition.
    const unknown = ids.find((id) => !incidents.has(id));
    if (unknown)
      throw new DomainError('INCIDENT.NOT_FOUND', 'invalid', `event names unknown incident ${unknown}`);
    const [tasked, knowledge] = await Promise.all([tx.tasks.listByIncidents(ids), this.knowledge.read(tx)]);
    let coverage = knowledge.coverage;
    const now = this.clock.now();
    const tasks: Task[] = [];
    const teamIds: string[] = [];
    const reportedUp = new Set<Incident>();
    for (const notice of todo) {
      const incident = incidents.get(notice.incidentId)!;
      const s = incident.snapshot();
      if (s.status !== 'open' || !s.anchor) continue; // cancelled or closed: nobody is owed anything now
      const existing = tasked.get(s.id) ?? [];
      const decision = decideDispatch({
        plan: knowledge.plan,
        registry: knowledge.registry,
        coverage,
        incident: {
          id: s.id,
          type: s.type,
          category: s.category,
          tier: s.tier,
          townshipCode: s.townshipCode,
          point: s.anchor,
        },
        alreadyTasked: existing,
      });
      for (const u of decision.unresolved) {
        this.logger.warn(
          `预案参与方无法落实 unresolved participant ${u.clauseId}#${u.participantIndex}: ${u.reason}`,
        );
      }
      if (decision.reportUpClauseIds.length > 0) {
        incident.requireCityReport(now, decision.planVersion, decision.reportUpClauseIds);
      }
      const reported = incident.pullEvents();
      if (reported.length > 0) reportedUp.add(incident);
      if (decision.tasks.length === 0 && reported.length === 0) continue;
      for (const teamId of decision.teamIds) coverage = coverage.withObservedStatus(teamId, 'dispatched');
      teamIds.push(...decision.teamIds);
      const dispatched = decision.tasks.map((t) =>
        Task.dispatch(
          {
            id: randomUUID(),
            incidentId: s.id,
            unitId: t.unitId,
            role: t.role,
            deadlines: deadlineSeconds(t.deadlines),
            timeScale: s.timeScale ?? this.config.deadlineScale,
            capabilities: t.capabilities,
            etaSeconds: t.etaSeconds,
            escalationStep: 0,
            escalatedFromTaskId: null,
            clauseId: t.clauseId,
            planVersion: t.planVersion,
          },
          now,
        ),
      );
      // A second notice for this incident in the batch sees these as already tasked.
      tasked.set(s.id, [...existing, ...dispatched.map((t) => t.snapshot())]);
      tasks.push(...dispatched);
      await tx.record(
        [...reported, ...dispatched.flatMap((t) => t.pullEvents()), ...teamAndBreachEvents(s.id, decision)],
        {
          actor: { kind: 'system', id: PLAN_DISPATCHER },
          correlationId: notice.correlationId,
          causationId: notice.eventId,
        },
        now,
      );
    }
    await claimTeams(tx, teamIds);
    await tx.tasks.insertAll(tasks);
    await tx.incidents.upsertAll([...reportedUp]);
  }
}

/** The teams taken (available → dispatched) and, when no team reaches the scene in time, the breach. */
function teamAndBreachEvents(incidentId: string, decision: DispatchDecision): DomainEvent[] {
  const events: DomainEvent[] = decision.teamIds.map((teamId) =>
    teamStatusChanged(teamId, 'available', 'dispatched', incidentId, '按预案调派 dispatched by the plan'),
  );
  if (decision.breach) {
    events.push({
      type: 'RescueCircleBreachPredicted',
      payload: { incidentId, planVersion: decision.planVersion, ...decision.breach },
    });
  }
  return events;
}
