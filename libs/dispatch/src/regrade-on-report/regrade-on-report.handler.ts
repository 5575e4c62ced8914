import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { classifyIncident, Clock, HazardRegisterCache, UnitOfWork } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { PLAN_DISPATCHER } from '../dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { RegradeOnReportCommand } from './regrade-on-report.command';

/**
 * 续报定级: figures from the scene count like an alarm's. The incident is re-graded on everything known by
 * the same national criteria; an upgrade applies at once (and dispatch adds what the new tier owes), a
 * downgrade waits for a duty officer.
 */
@CommandHandler(RegradeOnReportCommand)
export class RegradeOnReportHandler implements ICommandHandler<RegradeOnReportCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly hazards: HazardRegisterCache,
  ) {}

  async execute({ incidentId, facts, eventId, correlationId }: RegradeOnReportCommand): Promise<void> {
    const hazards = await this.hazards.registry();
    await this.unitOfWork.run(async (tx) => {
      if (!(await tx.firstDelivery(PLAN_DISPATCHER, eventId))) return;
      const incident = await tx.incidents.getForUpdate(incidentId);
      if (!incident) return;
      const s = incident.snapshot();
      const own = s.hazardPointId ? hazards.byId(s.hazardPointId) : undefined;
      const hazardPoint = own ? { id: own.id, name: own.name, riskGrade: own.riskGrade } : null;
      incident.addReportedFacts(facts, (merged) =>
        classifyIncident({ type: s.type, ...merged, hazardPoint }),
      );
      const events = incident.pullEvents();
      if (!events.length) return;
      await tx.incidents.save(incident);
      await tx.record(
        events,
        { actor: { kind: 'system', id: PLAN_DISPATCHER }, correlationId, causationId: eventId },
        this.clock.now(),
      );
    });
  }
}
