import { DomainError } from '../shared/domain-error';
import { GeoPoint, distanceMetres } from '../shared/geo';
import { BAZHOU, District } from '../district/district';
import {
  HazardContact,
  HazardPoint,
  HazardPointDraft,
  RISK_GRADES,
  RiskGrade,
  hazardContacts,
  isHazardKind,
  isRiskGrade,
} from './hazard-point';
import data from './bazhou-hazard-points.json';

/**
 * "At or near" a hazard point: within this distance of its registered position. A judgement: hazard
 * positions are approximate, and a slope's threat zone reaches a few hundred metres.
 */
export const HAZARD_NEAR_RADIUS_METRES = 500;

/** A registered point must lie within this distance of its township's approximate centre. */
export const HAZARD_TOWNSHIP_REACH_METRES = 12_000;

export interface NearbyHazardPoint {
  point: HazardPoint;
  distanceMetres: number;
}

/** What dispatch needs about the hazard points around an alarm. */
export interface HazardAlarmContext {
  /** Points at or near the alarm, nearest first. */
  nearby: NearbyHazardPoint[];
  /** The point that governs priority: highest risk grade, nearest among equals; null when none. */
  governing: NearbyHazardPoint | null;
  /** Feed to `classifyIncident` as `facts.hazardPoint` (null when no point is near). */
  hazardPoint: { id: string; name: string; riskGrade: RiskGrade } | null;
  /** Everyone the alarm must reach: responsible person and leader of each nearby point, deduplicated by phone. */
  contacts: HazardContact[];
}

function invalid(message: string, pointer: string): DomainError {
  return new DomainError('HAZARD.INVALID_POINT', 'invalid', message, { pointer });
}

function checkPosition(p: GeoPoint, pointer: string): void {
  if (
    typeof p !== 'object' ||
    p === null ||
    !Number.isFinite(p.lat) ||
    !Number.isFinite(p.lon) ||
    Math.abs(p.lat) > 90 ||
    Math.abs(p.lon) > 180
  ) {
    throw new DomainError('HAZARD.INVALID_POSITION', 'invalid', 'position needs a finite lat and lon', {
      pointer,
    });
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

/**
 * The hazard register (风险分级管控): validated on construction (unique ids, known kinds and grades, real
 * township codes, positions near their township, named responsible person and leader with phones).
 */
export class HazardRegistry {
  private readonly byIdMap: Map<string, HazardPoint>;

  constructor(
    readonly points: readonly HazardPoint[],
    district: District,
    reachMetres = HAZARD_TOWNSHIP_REACH_METRES,
  ) {
    this.byIdMap = new Map();
    points.forEach((p, i) => {
      const at = `/points/${i}`;
      if (!nonEmpty(p.id)) throw invalid('hazard point needs an id', `${at}/id`);
      if (this.byIdMap.has(p.id)) throw invalid(`duplicate hazard point id ${p.id}`, `${at}/id`);
      if (!nonEmpty(p.name)) throw invalid(`hazard point ${p.id} needs a name`, `${at}/name`);
      if (!isHazardKind(p.kind)) throw invalid(`unknown hazard kind ${String(p.kind)}`, `${at}/kind`);
      if (!isRiskGrade(p.riskGrade))
        throw invalid(`unknown risk grade ${String(p.riskGrade)}`, `${at}/riskGrade`);
      const township = district.township(p.townshipCode);
      if (!township) throw invalid(`unknown township code ${p.townshipCode}`, `${at}/townshipCode`);
      checkPosition(p.position, `${at}/position`);
      const d = distanceMetres(p.position, township.approxPosition);
      if (d > reachMetres) {
        throw invalid(
          `hazard point ${p.id} lies ${Math.round(d)} m from ${township.name}, beyond ${reachMetres} m`,
          `${at}/position`,
        );
      }
      for (const role of ['responsiblePerson', 'responsibleLeader'] as const) {
        if (!nonEmpty(p[role]?.name))
          throw invalid(`hazard point ${p.id} needs a ${role} name`, `${at}/${role}/name`);
        if (!nonEmpty(p[role]?.phone))
          throw invalid(`hazard point ${p.id} needs a ${role} phone`, `${at}/${role}/phone`);
      }
      this.byIdMap.set(p.id, p);
    });
  }

  /** Builds a registry from the JSON shape of `bazhou-hazard-points.json`. */
  static fromJson(json: typeof data, district: District): HazardRegistry {
    return new HazardRegistry(
      json.points.map((p): HazardPoint => ({
        id: p.id,
        name: p.name,
        kind: p.kind as HazardPoint['kind'],
        townshipCode: p.townshipCode,
        position: { lat: p.approxLat, lon: p.approxLon },
        riskGrade: p.riskGrade as RiskGrade,
        responsiblePerson: { ...p.responsiblePerson },
        responsibleLeader: { ...p.responsibleLeader },
        sample: p.sample || json.sample,
      })),
      district,
    );
  }

  byId(id: string): HazardPoint | undefined {
    return this.byIdMap.get(id);
  }

  requirePoint(id: string): HazardPoint {
    const p = this.byIdMap.get(id);
    if (!p) {
      throw new DomainError('HAZARD.UNKNOWN_POINT', 'not_found', `unknown hazard point ${id}`, {
        pointer: '/hazardPointId',
      });
    }
    return p;
  }

  inTownship(townshipCode: string): HazardPoint[] {
    return this.points.filter((p) => p.townshipCode === townshipCode);
  }

  /** Points within `radiusMetres` (inclusive) of a position, nearest first (ties by id). */
  near(position: GeoPoint, radiusMetres: number): NearbyHazardPoint[] {
    checkPosition(position, '/location');
    if (typeof radiusMetres !== 'number' || !Number.isFinite(radiusMetres) || radiusMetres < 0) {
      throw new DomainError('HAZARD.INVALID_RADIUS', 'invalid', 'radius must be a finite number ≥ 0', {
        pointer: '/radiusMetres',
      });
    }
    return this.points
      .map((point) => ({ point, distanceMetres: distanceMetres(position, point.position) }))
      .filter((n) => n.distanceMetres <= radiusMetres)
      .sort((a, b) => a.distanceMetres - b.distanceMetres || a.point.id.localeCompare(b.point.id));
  }

  /**
   * The hazard points an alarm concerns: the one it names (an informant reporting "at point X"), if any,
   * and those within `radiusMetres` of its location, with the persons to reach and the classifier input.
   */
  alarmContext(
    location: GeoPoint | null,
    options: { hazardPointId?: string | null; radiusMetres?: number } = {},
  ): HazardAlarmContext {
    const radius = options.radiusMetres ?? HAZARD_NEAR_RADIUS_METRES;
    const nearby = location ? this.near(location, radius) : [];
    if (options.hazardPointId) {
      const named = this.requirePoint(options.hazardPointId);
      if (!nearby.some((n) => n.point.id === named.id)) {
        nearby.push({
          point: named,
          distanceMetres: location ? distanceMetres(location, named.position) : 0,
        });
        nearby.sort((a, b) => a.distanceMetres - b.distanceMetres || a.point.id.localeCompare(b.point.id));
      }
    }
    const governing = nearby.reduce<NearbyHazardPoint | null>((best, n) => {
      if (!best) return n;
      const rank = RISK_GRADES[n.point.riskGrade].rank - RISK_GRADES[best.point.riskGrade].rank;
      return rank > 0 || (rank === 0 && n.distanceMetres < best.distanceMetres) ? n : best;
    }, null);
    const seen = new Set<string>();
    const contacts: HazardContact[] = [];
    for (const n of nearby) {
      for (const c of hazardContacts(n.point)) {
        if (seen.has(c.phone)) continue;
        seen.add(c.phone);
        contacts.push(c);
      }
    }
    return {
      nearby,
      governing,
      hazardPoint: governing
        ? { id: governing.point.id, name: governing.point.name, riskGrade: governing.point.riskGrade }
        : null,
      contacts,
    };
  }
}

/** The Bazhou register: FICTIONAL SAMPLE DATA (see bazhou-hazard-points.json), for development and tests. */
export const BAZHOU_HAZARDS = HazardRegistry.fromJson(data, BAZHOU);

/**
 * The sample register as the demo seed writes it into PostgreSQL: FICTIONAL (see bazhou-hazard-points.json),
 * each point's 责任人 on duty as its 监测员 and its 责任领导 as its 责任人 (person in charge).
 */
export const BAZHOU_HAZARD_SEED: readonly HazardPointDraft[] = data.points.map((p) => ({
  id: p.id,
  name: p.name,
  kind: p.kind as HazardPointDraft['kind'],
  townshipCode: p.townshipCode,
  position: { lat: p.approxLat, lon: p.approxLon },
  riskGrade: p.riskGrade as RiskGrade,
  threatenedPersons: p.threatenedPersons,
  threatenedHouseholds: p.threatenedHouseholds,
  responsiblePersons: [
    { role: 'monitor', ...p.responsiblePerson },
    { role: 'person_in_charge', ...p.responsibleLeader },
  ],
}));
