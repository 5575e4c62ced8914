/**
 * A team the response counted on is not coming in time: it declined (拒绝), or its arrival is late and the
 * ladder asked for the next team (增派). Send the next best team with what it was to bring.
 */
export class ReinforceCommand {
  constructor(
    readonly incidentId: string,
    /** The task that declined or is late. */
    readonly taskId: string,
    /** What the new team must bring; empty: the nearest team. */
    readonly capabilities: readonly string[],
    readonly why: 'declined' | 'late',
    /** The event that asked: the inbox key and the causation of what is dispatched. */
    readonly eventId: string,
    readonly correlationId: string,
  ) {}
}
