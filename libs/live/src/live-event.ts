/** Who did it, as the envelope says (a user's name is their username). */
export interface LiveActor {
  kind: 'source' | 'user' | 'system';
  id: string;
  name?: string;
  unitId?: string;
}

/** One change as the console receives it: the event's facts, plus what scoping needs to know about it. */
export interface LiveEvent {
  /** The SSE id: this instance's epoch and a sequence number, `<epoch>.<seq>`. */
  id: string;
  eventId: string;
  type: string;
  incidentId: string | null;
  occurredAt: string;
  recordedAt: string;
  actor: LiveActor;
  payload: Record<string, unknown>;
  /** The units holding a task in the incident when the event passed, and any unit the event names. */
  units: readonly string[];
}

/**
 * Units an event names itself: the task's unit, where an escalation went, a team or unit changed, the units
 * whose people a notification told.
 */
export function unitsNamedBy(payload: Record<string, unknown>): string[] {
  const named = [payload.unitId, payload.escalatedToUnitId, payload.teamId];
  const told = Array.isArray(payload.unitIds) ? payload.unitIds : [];
  return [...named, ...told].filter((u): u is string => typeof u === 'string');
}
