import {
  Alarm,
  CurrentDistrict,
  Clock,
  CorrelationRule,
  DEFAULT_CORRELATION_RULE,
  DomainError,
  HazardRegisterCache,
  Incident,
  needsPlacement,
  PlacementPlan,
  placementScope,
  UnitOfWork,
} from '@erp/domain';
import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@erp/config';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { OpenIncidentCommand } from './open-incident.command';

export const DISPATCHER = 'dispatcher';

/**
 * Places a batch of alarms (one partition's run) into incidents in one transaction with its inbox marks.
 * The decisions are the domain's (PlacementPlan); this reads, locks and writes around them: the batch's
 * correlation cells, then only the incidents that change, checked unchanged since they were read
 * (docs/decisions/2026-11-30-placement-locks-only-what-changes.md).
 */
@CommandHandler(OpenIncidentCommand)
export class OpenIncidentHandler implements ICommandHandler<OpenIncidentCommand, void> {
  private readonly rule: CorrelationRule;
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** The stored hazard register, re-read every few seconds (HAZARD_REGISTER_TTL_MS). */
    private readonly hazards: HazardRegisterCache,
    /** The district with the commander's township points, re-read as often as the hazard register. */
    private readonly currentDistrict: CurrentDistrict,
  ) {
    this.rule = {
      ...DEFAULT_CORRELATION_RULE,
      radiusMetres: config.correlationRadiusMetres,
      windowMinutes: config.correlationWindowMinutes,
    };
  }

  async execute({ alarmsReceived }: OpenIncidentCommand): Promise<void> {
    const hazards = await this.hazards.registry();
    const district = await this.currentDistrict.district();
    await this.unitOfWork.run(async (transaction) => {
      const events = await transaction.firstDeliveries(DISPATCHER, alarmsReceived, (event) => event.eventId);
      if (!events.length) return;
      // No row lock: only the delivery of an alarm's own AlarmReceived changes it, and the inbox mark above
      // already makes a concurrent delivery of that event wait for this transaction.
      const alarms = await transaction.alarms.getAll(events.map((event) => event.payload.alarmId));
      const placing = events.flatMap((event) => {
        const alarm = alarms.get(event.payload.alarmId);
        if (!alarm) {
          throw new DomainError(
            'ALARM.NOT_FOUND',
            'invalid',
            `AlarmReceived names unknown alarm ${event.payload.alarmId}`,
          );
        }
        return needsPlacement(alarm.snapshot()) ? [{ event, alarm }] : [];
      });
      if (!placing.length) return;
      const states = placing.map(({ alarm }) => alarm.snapshot());
      const scope = placementScope(this.rule, states, district);
      await transaction.lockKeys(scope.lockKeys);
      // The alarms that amendments and cancellations name; this batch's own first.
      const named = states.flatMap((state) => state.relation?.alarmId ?? []);
      const originals = new Map(
        [...(await transaction.alarms.getAll(named.filter((id) => !alarms.has(id)))), ...alarms].map(
          ([id, alarm]) => [id, alarm.snapshot()],
        ),
      );

      const now = this.clock.now();
      const plan = new PlacementPlan(
        { rule: this.rule, district, hazards, now, newIncidentId: randomUUID },
        await transaction.incidents.openCandidatesNear(scope.boxes, scope.heardSince),
        states,
        originals,
      );

      const locked = await transaction.incidents.lockAll(plan.existingTargets());
      const [stale] = plan.staleMatches((id) => locked.get(id)?.asCandidate() ?? null);
      if (stale) {
        // Another writer (a cancellation through another partition) changed it since it was read.
        throw new Error(`incident ${stale} changed while alarms were placed into it; retrying`);
      }
      const touched = new Set<Incident>();
      const placed: Alarm[] = [];
      for (const [i, { event, alarm }] of placing.entries()) {
        const placement = plan.placements[i];
        if (!placement) continue;
        const incident = locked.get(placement.incidentId) ?? plan.opened(placement.incidentId)!;
        placement.apply(incident, alarm.snapshot());
        alarm.joinIncident(incident.id);
        touched.add(incident);
        placed.push(alarm);
        await transaction.record(
          incident.pullEvents(),
          {
            actor: { kind: 'system', id: DISPATCHER },
            correlationId: event.correlationId,
            causationId: event.eventId,
          },
          now,
        );
      }
      await transaction.incidents.upsertAll([...touched]);
      await transaction.alarms.saveAll(placed);
    });
  }
}
