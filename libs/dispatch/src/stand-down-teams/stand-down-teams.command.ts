/** An incident was cancelled: the rescue teams sent to it are no longer needed there. */
export class StandDownTeamsCommand {
  constructor(
    readonly incidentId: string,
    readonly eventId: string,
    readonly correlationId: string,
  ) {}
}
