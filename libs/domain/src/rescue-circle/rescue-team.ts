import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { District } from '../district/district';
import { Capability, isCapability } from './capabilities';

/** 三级应急队伍: the district, township and village levels of the seed. */
export const TEAM_LEVELS = ['district', 'township', 'village'] as const;
export type TeamLevel = (typeof TEAM_LEVELS)[number];

/**
 * What sort of force a team is. `professional` (专业队伍: the district's own rescue, forest-fire, medical,
 * road teams), `fire_brigade` (消防救援大队 and its stations), `social` (社会救援力量 such as 蓝天救援队),
 * `militia` (民兵), and `cadre`: a team of officials and staff (干部职工), which the seed says most township
 * and village teams are ("大多是由干部职工组成").
 */
export const TEAM_KINDS = ['professional', 'fire_brigade', 'social', 'militia', 'cadre'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

/** How a team travels; the travel-time model keys its speed and turnout on this. */
export const VEHICLE_CLASSES = [
  'fire_engine',
  'rescue_truck',
  'suv',
  'pickup',
  'motorbike',
  'on_foot',
] as const;
export type VehicleClass = (typeof VEHICLE_CLASSES)[number];

/** A team's live status. Only an `available` team is dispatched or counts towards coverage. */
export const TEAM_STATUSES = [
  'available',
  'dispatched',
  'en_route',
  'on_scene',
  'returning',
  'out_of_service',
] as const;
export type TeamStatus = (typeof TEAM_STATUSES)[number];

export interface TeamContact {
  name: string;
  phone: string;
}

export interface RescueTeam {
  /** `team-…`. */
  id: string;
  /** Chinese name, e.g. 巴州蓝天救援队. */
  name: string;
  level: TeamLevel;
  kind: TeamKind;
  /** Home township (for township and village teams; optional for district teams). */
  townshipCode?: string;
  /** Where the team turns out from (驻地). */
  base: GeoPoint;
  vehicleClass: VehicleClass;
  capabilities: readonly Capability[];
  /** Equipment in Chinese (无人机, 生命探测仪, 卫星电话, 液压破拆工具组 …): descriptive, not matched. */
  equipment: readonly string[];
  status: TeamStatus;
  /** Head count. */
  members: number;
  contact: TeamContact;
}

/**
 * The status machine. A team is dispatched only from `available`; it may be stood down before it leaves
 * (`dispatched → available`), recalled on the way (`en_route → returning`), and must return before it is
 * available again once it has left. Any status except `out_of_service` itself may go out of service
 * (breakdown, injury, maintenance); out of service comes back only as `available`.
 */
export const TEAM_STATUS_TRANSITIONS: Readonly<Record<TeamStatus, readonly TeamStatus[]>> = {
  available: ['dispatched', 'out_of_service'],
  dispatched: ['en_route', 'available', 'out_of_service'],
  en_route: ['on_scene', 'returning', 'out_of_service'],
  on_scene: ['returning', 'out_of_service'],
  returning: ['available', 'out_of_service'],
  out_of_service: ['available'],
};

export function isTeamStatus(value: unknown): value is TeamStatus {
  return typeof value === 'string' && (TEAM_STATUSES as readonly string[]).includes(value);
}

export function canTransitionTeam(from: TeamStatus, to: TeamStatus): boolean {
  return TEAM_STATUS_TRANSITIONS[from].includes(to);
}

/** The team with its new status; throws `RESCUE_TEAM.ILLEGAL_TRANSITION` (conflict) for an illegal move. */
export function transitionTeam(team: RescueTeam, to: TeamStatus): RescueTeam {
  if (!isTeamStatus(to)) {
    throw new DomainError('RESCUE_TEAM.UNKNOWN_STATUS', 'invalid', `unknown team status ${String(to)}`, {
      pointer: '/status',
    });
  }
  if (!canTransitionTeam(team.status, to)) {
    throw new DomainError(
      'RESCUE_TEAM.ILLEGAL_TRANSITION',
      'conflict',
      `team ${team.id} cannot go from ${team.status} to ${to}`,
      { teamId: team.id, from: team.status, to, allowed: [...TEAM_STATUS_TRANSITIONS[team.status]] },
    );
  }
  return { ...team, status: to };
}

/** Dispatchable, and counted towards the 15-minute coverage: at base and ready. */
export function isTeamAvailable(team: Pick<RescueTeam, 'status'>): boolean {
  return team.status === 'available';
}

/** A latitude/longitude box; bases outside it are rejected as data errors. */
export interface GeoBox {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export function insideBox(p: GeoPoint, box: GeoBox): boolean {
  return p.lat >= box.minLat && p.lat <= box.maxLat && p.lon >= box.minLon && p.lon <= box.maxLon;
}

function invalid(message: string, pointer: string): DomainError {
  return new DomainError('RESCUE_TEAM.INVALID', 'invalid', message, { pointer });
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/**
 * Validates a list of teams from outside (a data file, a request): unique `team-…` ids, names, known
 * levels, kinds, vehicle classes, capabilities and statuses, real township codes, bases inside `box`,
 * a positive head count and a contact. Returns the teams typed; throws `RESCUE_TEAM.INVALID` with a JSON
 * pointer to the first bad field.
 */
export function validateRescueTeams(
  input: readonly unknown[],
  district: District,
  box: GeoBox,
): RescueTeam[] {
  const seen = new Set<string>();
  return input.map((raw, i) => {
    const at = `/teams/${i}`;
    if (typeof raw !== 'object' || raw === null) throw invalid('a team must be an object', at);
    const t = raw as Record<string, unknown>;
    if (!nonEmpty(t.id) || !t.id.startsWith('team-'))
      throw invalid('team id must start with team-', `${at}/id`);
    if (seen.has(t.id)) throw invalid(`duplicate team id ${t.id}`, `${at}/id`);
    seen.add(t.id);
    if (!nonEmpty(t.name)) throw invalid(`team ${t.id} needs a name`, `${at}/name`);
    if (!oneOf(TEAM_LEVELS, t.level)) throw invalid(`unknown team level ${String(t.level)}`, `${at}/level`);
    if (!oneOf(TEAM_KINDS, t.kind)) throw invalid(`unknown team kind ${String(t.kind)}`, `${at}/kind`);
    if (t.townshipCode !== undefined) {
      if (typeof t.townshipCode !== 'string' || !district.township(t.townshipCode))
        throw invalid(`unknown township code ${String(t.townshipCode)}`, `${at}/townshipCode`);
    } else if (t.level !== 'district') {
      throw invalid(`${t.level} team ${t.id} needs a home township`, `${at}/townshipCode`);
    }
    const base = t.base as GeoPoint | undefined;
    if (
      typeof base !== 'object' ||
      base === null ||
      !Number.isFinite(base.lat) ||
      !Number.isFinite(base.lon) ||
      !insideBox(base, box)
    )
      throw invalid(`team ${t.id} needs a base inside the district`, `${at}/base`);
    if (!oneOf(VEHICLE_CLASSES, t.vehicleClass))
      throw invalid(`unknown vehicle class ${String(t.vehicleClass)}`, `${at}/vehicleClass`);
    if (!Array.isArray(t.capabilities)) throw invalid('capabilities must be a list', `${at}/capabilities`);
    t.capabilities.forEach((c, j) => {
      if (!isCapability(c)) throw invalid(`unknown capability ${String(c)}`, `${at}/capabilities/${j}`);
    });
    if (new Set(t.capabilities).size !== t.capabilities.length)
      throw invalid(`team ${t.id} lists a capability twice`, `${at}/capabilities`);
    if (!Array.isArray(t.equipment) || !t.equipment.every(nonEmpty))
      throw invalid('equipment must be a list of names', `${at}/equipment`);
    if (!isTeamStatus(t.status)) throw invalid(`unknown team status ${String(t.status)}`, `${at}/status`);
    if (!Number.isInteger(t.members) || (t.members as number) < 1)
      throw invalid(`team ${t.id} needs a positive head count`, `${at}/members`);
    const contact = t.contact as TeamContact | undefined;
    if (
      !contact ||
      !nonEmpty(contact.name) ||
      !nonEmpty(contact.phone) ||
      !/^[0-9+\-() ]{5,20}$/.test(contact.phone)
    )
      throw invalid(`team ${t.id} needs a contact name and phone`, `${at}/contact`);
    const team: RescueTeam = {
      id: t.id,
      name: t.name,
      level: t.level,
      kind: t.kind,
      base: { lat: base.lat, lon: base.lon },
      vehicleClass: t.vehicleClass,
      capabilities: [...(t.capabilities as Capability[])],
      equipment: [...(t.equipment as string[])],
      status: t.status,
      members: t.members as number,
      contact: { name: contact.name, phone: contact.phone },
    };
    if (typeof t.townshipCode === 'string') team.townshipCode = t.townshipCode;
    return team;
  });
}
