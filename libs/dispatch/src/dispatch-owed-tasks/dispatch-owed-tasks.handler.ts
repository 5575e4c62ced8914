import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { DomainEvent } from '@erp/contracts';
import { Clock, decideDispatch, DispatchDecision, DomainError, Task } from '@erp/domain';
import {
  Causation,
  IncidentRepository,
  RescueTeamRepository,
  TaskRepository,
  Transaction,
  UnitOfWork,
} from '@erp/persistence';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { DispatchKnowledge } from './dispatch-knowledge';
import { DispatchOwedTasksCommand } from './dispatch-owed-tasks.command';

/** The inbox and consumer-group name of plan dispatch (separate from alarm correlation's). */
export const PLAN_DISPATCHER = 'dispatcher.plan';

/** Another dispatcher took a chosen team first: decide again on fresh statuses. */
class TeamTaken extends Error {}

/** Tries before the event goes back to the consumer (which backs off 100 ms and holds up its partition). */
const ATTEMPTS = 6;

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

  async execute(command: DispatchOwedTasksCommand): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.unitOfWork.run((tx) => this.dispatch(tx, command));
        return;
      } catch (e) {
        if (!(e instanceof TeamTaken) || attempt >= ATTEMPTS) throw e;
        // The rival's claim has committed by now (ours waited on its row lock): the next read's statuses,
        // always fresh, show it. A few milliseconds of jitter keep two dispatchers from choosing the same next
        // team in step.
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  private async dispatch(tx: Transaction, { incidentId, eventId, correlationId }: DispatchOwedTasksCommand) {
    if (!(await tx.firstDelivery(PLAN_DISPATCHER, eventId))) return;
    const incident = await IncidentRepository.getForUpdate(tx.manager, incidentId);
    // The incident commits with the event that names it (outbox), so an unknown one is not "not yet": it
    // is another database's, or forged. Dead-lettered, never retried for ever on its partition.
    if (!incident) {
      throw new DomainError('INCIDENT.NOT_FOUND', 'invalid', `event names unknown incident ${incidentId}`);
    }
    const s = incident.snapshot();
    if (s.status !== 'open' || !s.anchor) return; // cancelled or closed: nobody is owed anything now
    const [existing, knowledge] = await Promise.all([
      TaskRepository.listByIncident(tx.manager, incidentId),
      this.knowledge.read(tx.manager),
    ]);
    const decision = decideDispatch({
      plan: knowledge.plan,
      registry: knowledge.registry,
      coverage: knowledge.coverage,
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
    const now = this.clock.now();
    if (decision.reportUpClauseIds.length > 0) {
      incident.requireCityReport(now, decision.planVersion, decision.reportUpClauseIds);
    }
    const reported = incident.pullEvents();
    if (reported.length > 0) await IncidentRepository.save(tx.manager, incident);
    if (decision.tasks.length === 0 && reported.length === 0) return;
    if (decision.teamIds.length > 0) {
      const claimed = await RescueTeamRepository.claim(tx.manager, decision.teamIds);
      if (claimed.length < decision.teamIds.length) {
        const lost = decision.teamIds.filter((id) => !claimed.includes(id));
        throw new TeamTaken(`另一调度已派出 taken by another dispatch meanwhile: ${lost.join(', ')}`);
      }
    }
    const tasks = decision.tasks.map((t) =>
      Task.dispatch(
        {
          id: randomUUID(),
          incidentId,
          unitId: t.unitId,
          role: t.role,
          ackWithinSeconds: this.config.ackDeadlineSeconds ?? t.deadlines.acknowledgeSeconds,
          departWithinSeconds: t.deadlines.departSeconds,
          arriveWithinSeconds: t.deadlines.arriveSeconds,
          firstReportWithinSeconds: t.deadlines.firstReportSeconds,
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
    await TaskRepository.insertAll(tx.manager, tasks);
    const causation: Causation = {
      actor: { kind: 'system', id: PLAN_DISPATCHER },
      correlationId,
      causationId: eventId,
    };
    await tx.record(
      [...reported, ...tasks.flatMap((t) => t.pullEvents()), ...teamAndBreachEvents(incidentId, decision)],
      causation,
      now,
    );
  }
}

/** The teams taken (available → dispatched) and, when no team reaches the scene in time, the breach. */
function teamAndBreachEvents(incidentId: string, decision: DispatchDecision): DomainEvent[] {
  const events: DomainEvent[] = decision.teamIds.map((teamId) => ({
    type: 'RescueTeamStatusChanged',
    payload: {
      teamId,
      from: 'available',
      to: 'dispatched',
      incidentId,
      reason: '按预案调派 dispatched by the plan',
    },
  }));
  if (decision.breach) {
    events.push({
      type: 'RescueCircleBreachPredicted',
      payload: { incidentId, planVersion: decision.planVersion, ...decision.breach },
    });
  }
  return events;
}
