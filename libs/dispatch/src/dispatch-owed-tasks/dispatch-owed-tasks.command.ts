/** An incident the plan may owe more tasks: it was classified, or re-classified. */
export interface OwedTasksNotice {
  incidentId: string;
  /** The event that woke dispatch: the inbox key, and the causation of what is dispatched. */
  eventId: string;
  correlationId: string;
}

/** Incidents to dispatch for, in the order their events arrived: one transaction for them all. */
export class DispatchOwedTasksCommand {
  constructor(readonly notices: readonly OwedTasksNotice[]) {}
}
