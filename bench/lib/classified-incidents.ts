import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { Envelope, Topics } from '@erp/contracts';
import { BAZHOU } from '@erp/domain';
import { StreamRecord } from '@erp/event-stream';

const TYPES = ['fire', 'landslide', 'flood', 'traffic_accident', 'gas_leak', 'public_security'];
export const LEVEL_OF_TIER = { T1_MINOR: null, T2_GENERAL: 'IV', T3_MAJOR: 'III' } as const;
export type BenchTier = keyof typeof LEVEL_OF_TIER;

/** An open incident the dispatch bench classifies. */
export interface BenchIncident {
  id: string;
  tier: BenchTier;
  type: string;
  township: string;
  lat: number;
  lon: number;
}

/** Incidents near township centres, spread over types and townships; tiers 6 in 10 minor, 3 general, 1 major. */
export function makeIncidents(count: number): BenchIncident[] {
  return Array.from({ length: count }, (_, i) => {
    const township = BAZHOU.townships[(i * 7) % BAZHOU.townships.length];
    const tenth = (i * 37) % 10;
    return {
      id: randomUUID(),
      tier: tenth < 6 ? 'T1_MINOR' : tenth < 9 ? 'T2_GENERAL' : 'T3_MAJOR',
      type: TYPES[i % TYPES.length],
      township: township.code,
      lat: township.approxPosition.lat + (Math.random() - 0.5) * 0.02,
      lon: township.approxPosition.lon + (Math.random() - 0.5) * 0.02,
    };
  });
}

/** Inserts the incidents as open, a thousand per statement. */
export async function insertIncidents(pool: Pool, incidents: BenchIncident[]): Promise<void> {
  const columns: (keyof BenchIncident)[] = ['id', 'type', 'tier', 'township', 'lat', 'lon'];
  for (let i = 0; i < incidents.length; i += 1000) {
    const slice = incidents.slice(i, i + 1000);
    await pool.query(
      `INSERT INTO incidents (id, status, type, tier, level, reasons, rule_set_version, township_code, lat, lon,
         description, opened_at, anchor_lat, anchor_lon, last_alarm_at)
       SELECT id, 'open', type, tier, $7::jsonb->>tier, '["bench"]', 'cn-national/2024.1', township, lat, lon,
         'bench', now(), lat, lon, now()
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[])
         AS x(id, type, tier, township, lat, lon)`,
      [...columns.map((column) => slice.map((incident) => incident[column])), JSON.stringify(LEVEL_OF_TIER)],
    );
  }
}

/** IncidentClassified as the outbox builds it (envelope-factory): the incident as key, the system as actor. */
export function classifiedRecord(incident: BenchIncident): StreamRecord {
  const now = new Date().toISOString();
  const envelope: Envelope = {
    eventId: randomUUID(),
    type: 'IncidentClassified',
    version: 1,
    key: incident.id,
    incidentId: incident.id,
    occurredAt: now,
    recordedAt: now,
    correlationId: incident.id,
    causationId: null,
    actor: { kind: 'system', id: 'bench' },
    payload: {
      incidentId: incident.id,
      tier: incident.tier,
      level: LEVEL_OF_TIER[incident.tier],
      reasons: ['bench'],
      ruleSetVersion: 'cn-national/2024.1',
    },
  };
  return { topic: Topics.incidents, key: incident.id, value: JSON.stringify(envelope) };
}
