import type { IncidentSummary, LiveEvent, Tier } from '../api/types';

/**
 * The open incidents heard on the live stream since the page opened: what the overview and the map
 * show while the server has no incident list (before issue 10), and what they add to it meanwhile.
 */
export type IncidentBook = ReadonlyMap<string, IncidentSummary>;

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

/** The book after one event (a new map when it changed, the same one otherwise). */
export function recordEvent(book: IncidentBook, event: LiveEvent): IncidentBook {
  const id = event.incidentId;
  if (!id) return book;
  const p = event.payload;
  const known = book.get(id);
  const next = new Map(book);
  switch (event.type) {
    case 'IncidentOpened':
      next.set(id, {
        id,
        type: str(p.type),
        tier: known?.tier ?? 'T1_MINOR',
        level: known?.level ?? null,
        townshipCode: str(p.townshipCode),
        description: str(p.description),
        status: 'open',
        exercise: known?.exercise ?? false,
        openedAt: event.occurredAt,
        location: (p.location as IncidentSummary['location']) ?? null,
        breaches: known?.breaches ?? 0,
      });
      return next;
    case 'IncidentClassified':
      if (!known) return book;
      next.set(id, { ...known, tier: p.tier as Tier, level: (p.level as IncidentSummary['level']) ?? null });
      return next;
    case 'IncidentReclassified': {
      const to = p.to as { tier: Tier; level: IncidentSummary['level'] } | undefined;
      if (!known || !to) return book;
      next.set(id, { ...known, tier: to.tier, level: to.level });
      return next;
    }
    case 'TaskDeadlineMissed':
      if (!known) return book;
      next.set(id, { ...known, breaches: (known.breaches ?? 0) + 1 });
      return next;
    case 'IncidentClosed':
    case 'IncidentCancelled':
      if (!known) return book;
      next.delete(id);
      return next;
    default:
      return book;
  }
}
