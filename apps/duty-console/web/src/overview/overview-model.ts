import type { IncidentSummary, Tier } from '../api/types';

export const TIERS: readonly Tier[] = ['T3_MAJOR', 'T2_GENERAL', 'T1_MINOR'];

export interface TownshipRow {
  code: string;
  byTier: Record<Tier, number>;
  total: number;
  breaches: number;
}

export interface Overview {
  byTier: Record<Tier, number>;
  byTownship: TownshipRow[];
  /** Breached first (most breaches first), then the higher tier, then the newest. */
  incidents: IncidentSummary[];
}

const emptyTiers = (): Record<Tier, number> => ({ T3_MAJOR: 0, T2_GENERAL: 0, T1_MINOR: 0 });
const tierRank = (tier: Tier) => TIERS.indexOf(tier);

/** 指挥总览: open incidents counted by tier and by township, the breached ones first. */
export function overviewOf(open: readonly IncidentSummary[]): Overview {
  const byTier = emptyTiers();
  const townships = new Map<string, TownshipRow>();
  for (const incident of open) {
    byTier[incident.tier]++;
    const row = townships.get(incident.townshipCode) ?? {
      code: incident.townshipCode,
      byTier: emptyTiers(),
      total: 0,
      breaches: 0,
    };
    row.byTier[incident.tier]++;
    row.total++;
    row.breaches += incident.breaches ?? 0;
    townships.set(incident.townshipCode, row);
  }
  const incidents = [...open].sort(
    (a, b) =>
      (b.breaches ?? 0) - (a.breaches ?? 0) ||
      tierRank(a.tier) - tierRank(b.tier) ||
      Date.parse(b.openedAt) - Date.parse(a.openedAt),
  );
  const byTownship = [...townships.values()].sort(
    (a, b) => b.breaches - a.breaches || b.total - a.total || a.code.localeCompare(b.code),
  );
  return { byTier, byTownship, incidents };
}

/** The server's list and the live book together (the server's entry wins), open ones only. */
export function mergeOpen(
  listed: readonly IncidentSummary[],
  heard: Iterable<IncidentSummary>,
): IncidentSummary[] {
  const all = new Map<string, IncidentSummary>();
  for (const incident of heard) all.set(incident.id, incident);
  for (const incident of listed) all.set(incident.id, incident);
  return [...all.values()].filter((i) => i.status === 'open');
}
