/** The plan may owe an incident more tasks: it was classified, or re-classified. */
export class DispatchOwedTasksCommand {
  constructor(
    readonly incidentId: string,
    /** The event that woke dispatch: the inbox key, and the causation of what is dispatched. */
    readonly eventId: string,
    readonly correlationId: string,
  ) {}
}
