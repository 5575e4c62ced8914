import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { DomainEvent } from '@erp/contracts';
import {
  Clock,
  deadlineSeconds,
  decideReplacement,
  DEFAULT_ESCALATION_ACK_SECONDS,
  Task,
  teamStatusChanged,
  Transaction,
  UnitIds,
  UnitOfWork,
} from '@erp/domain';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { DispatchKnowledge } from '../dispatch-owed-tasks/dispatch-knowledge';
import { PLAN_DISPATCHER } from '../dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { claimTeams, runClaimingTeams } from '../dispatch-owed-tasks/team-claims';
import { ReinforceCommand } from './reinforce.command';

/**
 * 增派: the next best available team (never one already on the incident) gets a task under the same clause,
 * recorded as coming from the task it replaces or reinforces. A declined unit that is not a team, or a
 * district with no team left to send, puts the command room on the incident to find one (督办).
 */
@CommandHandler(ReinforceCommand)
export class ReinforceHandler implements ICommandHandler<ReinforceCommand, void> {
  private readonly logger = new Logger(ReinforceHandler.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly knowledge: DispatchKnowledge,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: ReinforceCommand): Promise<void> {
    await runClaimingTeams(this.unitOfWork, (tx) => this.reinforce(tx, command));
  }

  private async reinforce(tx: Transaction, c: ReinforceCommand): Promise<void> {
    if (!(await tx.firstDelivery(PLAN_DISPATCHER, c.eventId))) return;
    const incident = (await tx.incidents.lockAll([c.incidentId])).get(c.incidentId)?.snapshot();
    if (!incident || incident.status !== 'open' || !incident.anchor) return;
    const [tasks, knowledge] = await Promise.all([
      tx.tasks.listByIncident(c.incidentId),
      this.knowledge.read(tx),
    ]);
    const from = tasks.find((t) => t.id === c.taskId);
    if (!from) return;
    const now = this.clock.now();
    const timeScale = incident.timeScale ?? this.config.deadlineScale;
    const isTeam = knowledge.registry.byId(from.unitId)?.kind === 'rescue_team';
    // A declined team is replaced; a late unit that asked for capabilities gets a team to bring them. A
    // declined unit that is not a team is not replaced by a team: the command room takes it up.
    const sendTeam = isTeam || (c.why === 'late' && c.capabilities.length > 0);
    const decision = sendTeam
      ? decideReplacement({
          plan: knowledge.plan,
          coverage: knowledge.coverage,
          incident: { point: incident.anchor },
          capabilities: c.capabilities,
          alreadyTasked: tasks,
          clauseId: from.clauseId,
        })
      : { tasks: [], teamIds: [], reasons: [] };
    const sent = decision.tasks.map((t) =>
      Task.dispatch(
        {
          id: randomUUID(),
          incidentId: c.incidentId,
          unitId: t.unitId,
          role: t.role,
          deadlines: deadlineSeconds(t.deadlines),
          timeScale,
          capabilities: t.capabilities,
          etaSeconds: t.etaSeconds,
          escalationStep: from.escalationStep,
          escalatedFromTaskId: from.id,
          clauseId: t.clauseId,
          planVersion: t.planVersion,
        },
        now,
      ),
    );
    const commandRoom = UnitIds.districtCommandRoom;
    const needsCommandRoom =
      sent.length === 0 && !tasks.some((t) => t.unitId === commandRoom && t.role === 'supervise');
    if (needsCommandRoom && knowledge.registry.has(commandRoom)) {
      sent.push(
        Task.dispatch(
          {
            id: randomUUID(),
            incidentId: c.incidentId,
            unitId: commandRoom,
            role: 'supervise',
            deadlines: { ack: DEFAULT_ESCALATION_ACK_SECONDS },
            timeScale,
            escalationStep: from.escalationStep + 1,
            escalatedFromTaskId: from.id,
            clauseId: from.clauseId,
            planVersion: from.planVersion,
          },
          now,
        ),
      );
      this.logger.warn(
        `无队伍可增派，指挥中心督办 no team to send for task ${from.id}: the command room finds one`,
      );
    }
    await claimTeams(tx, decision.teamIds);
    await tx.tasks.insertAll(sent);
    const reason =
      c.why === 'declined' ? '接替拒绝的队伍 replacing a team that declined' : '到达超时增派 arrival late';
    const events: DomainEvent[] = [
      ...sent.flatMap((t) => t.pullEvents()),
      ...decision.teamIds.map((id) => teamStatusChanged(id, 'available', 'dispatched', c.incidentId, reason)),
    ];
    await tx.record(
      events,
      {
        actor: { kind: 'system', id: PLAN_DISPATCHER },
        correlationId: c.correlationId,
        causationId: c.eventId,
      },
      now,
    );
  }
}
