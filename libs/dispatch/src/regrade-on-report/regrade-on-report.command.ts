import type { AlarmFacts } from '@erp/domain';

/** A situation report brought figures (casualties, loss): re-grade the incident on them. */
export class RegradeOnReportCommand {
  constructor(
    readonly incidentId: string,
    readonly facts: AlarmFacts,
    readonly eventId: string,
    readonly correlationId: string,
  ) {}
}
