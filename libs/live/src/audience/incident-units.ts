/** Reads which units hold a task in each of the given incidents (from the store of record). */
export type LoadIncidentUnits = (incidentIds: readonly string[]) => Promise<Map<string, readonly string[]>>;

/** What the feed needs of an event to follow task holders: its type, incident and payload. */
export interface IncidentFact {
  type: string;
  incidentId: string | null;
  payload: Record<string, unknown>;
}

/**
 * Which units hold a task in each recent incident, so that scoping an event costs no query: learnt from
 * the store the first time an incident is seen, then kept up to date from TaskDispatched as it passes.
 * Bounded: the incidents least recently seen are forgotten first (and read again if they come back).
 */
export class IncidentUnits {
  private readonly known = new Map<string, Set<string>>();

  constructor(
    private readonly load: LoadIncidentUnits,
    private readonly capacity = 5_000,
  ) {}

  /**
   * The task holders of each event's incident as that event passes, in order (empty for events without
   * an incident). The store is read once for the batch's unknown incidents; it holds at least the tasks
   * of these events, which were committed before they were published.
   */
  async holders(events: readonly IncidentFact[]): Promise<(readonly string[])[]> {
    const unknown = [
      ...new Set(events.map((e) => e.incidentId).filter((id): id is string => !!id && !this.known.has(id))),
    ];
    if (unknown.length) {
      const loaded = await this.load(unknown);
      for (const id of unknown) this.remember(id, new Set(loaded.get(id) ?? []));
    }
    return events.map((e) => {
      if (!e.incidentId) return [];
      const units = this.known.get(e.incidentId) ?? new Set<string>();
      if (e.type === 'TaskDispatched' && typeof e.payload.unitId === 'string') units.add(e.payload.unitId);
      this.remember(e.incidentId, units);
      return [...units];
    });
  }

  private remember(incidentId: string, units: Set<string>): void {
    this.known.delete(incidentId); // re-inserted last: a Map iterates in insertion order
    this.known.set(incidentId, units);
    if (this.known.size > this.capacity) this.known.delete(this.known.keys().next().value!);
  }
}
