import { DomainError } from '../shared/domain-error';
import { GeoPoint } from '../shared/geo';
import { BAZHOU, Township } from '../district/district';
import { CAPABILITIES, Capability } from './capabilities';
import { RescueTeam, TeamStatus, VehicleClass, transitionTeam } from './rescue-team';
import { TravelTimeModel } from './travel-time-model';

/** 15分钟应急救援圈: a place is covered when an available team can be there within this many seconds. */
export const RESCUE_CIRCLE_SECONDS = 900;

/** A township as coverage needs it: its code, name and approximate centre. */
export type TownshipPlace = Pick<Township, 'code' | 'name' | 'approxPosition'>;

/** A village (or any other point) whose coverage is reported alongside the township centres. */
export interface VillagePoint {
  id: string;
  name: string;
  townshipCode?: string;
  position: GeoPoint;
}

export interface TownshipCoverage {
  code: string;
  name: string;
  /** Best ETA of any available team, whole seconds; null when no team is available at all. */
  bestEtaSeconds: number | null;
  teamId: string | null;
  /** bestEtaSeconds ≤ the circle. */
  covered: boolean;
}

export interface VillageCoverage {
  id: string;
  name: string;
  townshipCode: string | null;
  bestEtaSeconds: number | null;
  teamId: string | null;
  covered: boolean;
}

/** The shape `GET /api/v1/coverage` answers. */
export interface CoverageReport {
  circleSeconds: number;
  townships: TownshipCoverage[];
  /** Present only when village points were given. */
  villages?: VillageCoverage[];
  /** Covered places ÷ all places (township centres and village points alike), 0 when there are none. */
  coveredShare: number;
}

const CAPABILITY_CODES = Object.keys(CAPABILITIES) as Capability[];
const CAPABILITY_BIT = new Map(CAPABILITY_CODES.map((c, i) => [c, 1 << i]));

/** The capabilities as a bit set (one bit per entry of CAPABILITIES, in declaration order). */
export function capabilityMask(capabilities: readonly Capability[]): number {
  let mask = 0;
  for (const c of capabilities) {
    const bit = CAPABILITY_BIT.get(c);
    if (bit === undefined) {
      throw new DomainError(
        'RESCUE_CIRCLE.UNKNOWN_CAPABILITY',
        'invalid',
        `unknown capability ${String(c)}`,
        { pointer: '/capabilities' },
      );
    }
    mask |= bit;
  }
  return mask;
}

/** The capabilities in a bit set, in declaration order. */
export function capabilitiesOfMask(mask: number): Capability[] {
  const out: Capability[] = [];
  for (let i = 0; i < CAPABILITY_CODES.length; i++) if (mask & (1 << i)) out.push(CAPABILITY_CODES[i]);
  return out;
}

/**
 * What would be lost if a team left its base now, given the teams already leaving: the places for which
 * it is the last available team inside the circle.
 */
export interface CoverageLoss {
  townships: number;
  villages: number;
  /** Place indices of the townships lost (for explanations); see {@link CoverageIndex.placeLabel}. */
  townshipPlaces: number[];
}

/** Scratch book for one dispatch decision: which teams are leaving, and which places that uncovers. */
export interface DepartureLedger {
  /** The places that would lose coverage if team `teamIndex` left too (nothing is recorded). */
  lossIf(teamIndex: number): CoverageLoss;
  /** Record that team `teamIndex` leaves. */
  depart(teamIndex: number): void;
  /** Places uncovered by all recorded departures. */
  lostPlaces(): readonly number[];
}

export interface CoverageIndexInput {
  teams: readonly RescueTeam[];
  model: TravelTimeModel;
  /** Defaults to Bazhou's 25 townships (approximate centres). */
  townships?: readonly TownshipPlace[];
  villages?: readonly VillagePoint[];
  circleSeconds?: number;
}

/** What never changes between snapshots: teams' bases and capabilities, places, and who can reach what. */
interface Frame {
  model: TravelTimeModel;
  circleSeconds: number;
  townshipCount: number;
  placeCount: number;
  placePoint: GeoPoint[];
  placeKey: string[];
  placeName: string[];
  placeTownship: (string | null)[];
  teamIndex: Map<string, number>;
  teamBase: GeoPoint[];
  teamVehicle: VehicleClass[];
  teamCaps: Int32Array;
  /** CSR: for team t, places [teamCoverStart[t], teamCoverStart[t+1]) reachable within the circle. */
  teamCoverStart: Int32Array;
  teamCoverPlace: Int32Array;
  /** CSR: for place p, the teams that reach it within the circle, by (ETA, team index). */
  placeCoverStart: Int32Array;
  placeCoverTeam: Int32Array;
  placeCoverEta: Float64Array;
}

const EARTH_METRES_PER_DEGREE = (6_371_000 * Math.PI) / 180;

/**
 * Uniform grid over an equirectangular projection, cells at least `reach` wide (stretched for the change
 * of a longitude degree across the points' latitudes), so every place within `reach` of a point lies in
 * the 3 × 3 cells around it; a projected-distance check then drops most of those before the model is
 * asked. Without a finite reach, everything is a candidate.
 */
class PlaceGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly cell: number;
  private readonly cosRef: number;
  private readonly px: Float64Array;
  private readonly py: Float64Array;

  constructor(
    private readonly count: number,
    points: readonly GeoPoint[],
    reach: number,
    others: readonly GeoPoint[],
  ) {
    let minCos = 1;
    let maxCos = 0;
    for (const p of [...points, ...others]) {
      const c = Math.cos((p.lat * Math.PI) / 180);
      minCos = Math.min(minCos, c);
      maxCos = Math.max(maxCos, c);
    }
    this.cosRef = maxCos;
    const usable = Number.isFinite(reach) && reach > 0 && minCos > 0.01;
    // Projected distance ≤ true distance × (maxCos / minCos), so this width never cuts a reachable place.
    this.cell = usable ? reach * (maxCos / minCos) * 1.001 + 1 : Infinity;
    this.px = Float64Array.from(points, (p) => this.x(p));
    this.py = Float64Array.from(points, (p) => this.y(p));
    if (usable) {
      for (let i = 0; i < count; i++) {
        const key = this.key(Math.floor(this.px[i] / this.cell), Math.floor(this.py[i] / this.cell));
        let b = this.cells.get(key);
        if (!b) this.cells.set(key, (b = []));
        b.push(i);
      }
    }
  }

  private x(p: GeoPoint): number {
    return p.lon * EARTH_METRES_PER_DEGREE * this.cosRef;
  }
  private y(p: GeoPoint): number {
    return p.lat * EARTH_METRES_PER_DEGREE;
  }
  private key(cx: number, cy: number): number {
    return cx * 67_108_864 + cy;
  }

  /** Fills `out` with the indices of the places that may lie within reach of `p` (a superset). */
  candidates(p: GeoPoint, out: number[]): number[] {
    out.length = 0;
    if (this.cell === Infinity) {
      for (let i = 0; i < this.count; i++) out.push(i);
      return out;
    }
    const x = this.x(p);
    const y = this.y(p);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    const limit = this.cell * this.cell;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        const b = this.cells.get(this.key(cx + dx, cy + dy));
        if (!b) continue;
        for (const i of b) {
          const ddx = this.px[i] - x;
          const ddy = this.py[i] - y;
          if (ddx * ddx + ddy * ddy <= limit) out.push(i);
        }
      }
    return out;
  }
}

function better(eta: number, team: number, bestEta: number, bestTeam: number): boolean {
  return eta < bestEta || (eta === bestEta && team < bestTeam);
}

/**
 * The 15-minute rescue circle (15分钟应急救援圈) over a set of places (township centres and, optionally,
 * village points): for each place the best ETA of any available team, which team, and whether it is
 * inside the circle; plus the covered share. An immutable snapshot: {@link withStatusChange} returns a
 * new index and leaves this one as it was, so readers never see a half-applied change.
 *
 * Built once per team roster (bases, vehicles, capabilities): a spatial prefilter (places bucketed on a
 * grid of cells as wide as the model's {@link TravelTimeModel.reachMetres} for the circle) finds, per team,
 * the places it can reach within the circle. A status change then touches only that team's places and
 * the places it was best for, instead of recomputing teams × places. Per place it keeps the count of
 * available covering teams, which lets a dispatch decision see at once whether a candidate is the last
 * team covering a place.
 */
export class CoverageIndex {
  private constructor(
    private readonly f: Frame,
    readonly teams: readonly RescueTeam[],
    private readonly available: Uint8Array,
    private readonly coverCount: Int32Array,
    private readonly bestTeam: Int32Array,
    private readonly bestEta: Float64Array,
    /** Places with at least one available team inside the circle. */
    readonly coveredPlaces: number,
  ) {}

  static build(input: CoverageIndexInput): CoverageIndex {
    const circle = input.circleSeconds ?? RESCUE_CIRCLE_SECONDS;
    if (!Number.isFinite(circle) || circle <= 0) {
      throw new DomainError(
        'RESCUE_CIRCLE.INVALID_CIRCLE',
        'invalid',
        'circle must be a positive number of seconds',
        { pointer: '/circleSeconds' },
      );
    }
    const { teams, model } = input;
    const townships = input.townships ?? BAZHOU.townships;
    const villages = input.villages ?? [];
    const placePoint = [...townships.map((t) => t.approxPosition), ...villages.map((v) => v.position)];
    const placeCount = placePoint.length;

    const teamIndex = new Map<string, number>();
    teams.forEach((t, i) => {
      if (teamIndex.has(t.id)) {
        throw new DomainError('RESCUE_CIRCLE.DUPLICATE_TEAM', 'invalid', `duplicate team id ${t.id}`, {
          pointer: `/teams/${i}/id`,
        });
      }
      teamIndex.set(t.id, i);
    });
    const n = teams.length;
    const teamBase = teams.map((t) => t.base);
    const teamVehicle = teams.map((t) => t.vehicleClass);
    const teamCaps = Int32Array.from(teams, (t) => capabilityMask(t.capabilities));

    const reach = model.reachMetres ? model.reachMetres(circle) : Infinity;
    const grid = new PlaceGrid(placeCount, placePoint, reach, teamBase);
    const near: number[] = [];
    const teamCoverStart = new Int32Array(n + 1);
    const coverPlace: number[] = [];
    const coverEta: number[] = [];
    const perPlace = new Int32Array(placeCount);
    for (let t = 0; t < n; t++) {
      const base = teamBase[t];
      const vc = teamVehicle[t];
      for (const p of grid.candidates(base, near)) {
        const eta = model.etaSeconds(base, placePoint[p], vc);
        if (eta <= circle) {
          coverPlace.push(p);
          coverEta.push(eta);
          perPlace[p]++;
        }
      }
      teamCoverStart[t + 1] = coverPlace.length;
    }

    // Invert into per-place lists, ordered by (ETA, team index): teams are visited in index order, so a
    // stable sort by ETA within each place gives the order.
    const placeCoverStart = new Int32Array(placeCount + 1);
    for (let p = 0; p < placeCount; p++) placeCoverStart[p + 1] = placeCoverStart[p] + perPlace[p];
    const placeCoverTeam = new Int32Array(coverPlace.length);
    const placeCoverEta = new Float64Array(coverPlace.length);
    const fill = placeCoverStart.slice(0, placeCount);
    for (let t = 0; t < n; t++) {
      for (let k = teamCoverStart[t]; k < teamCoverStart[t + 1]; k++) {
        const at = fill[coverPlace[k]]++;
        placeCoverTeam[at] = t;
        placeCoverEta[at] = coverEta[k];
      }
    }
    for (let p = 0; p < placeCount; p++) {
      const from = placeCoverStart[p];
      const to = placeCoverStart[p + 1];
      if (to - from < 2) continue;
      const order: number[] = [];
      for (let k = from; k < to; k++) order.push(k);
      order.sort((a, b) => placeCoverEta[a] - placeCoverEta[b] || placeCoverTeam[a] - placeCoverTeam[b]);
      const sortedTeams = order.map((k) => placeCoverTeam[k]);
      const sortedEtas = order.map((k) => placeCoverEta[k]);
      placeCoverTeam.set(sortedTeams, from);
      placeCoverEta.set(sortedEtas, from);
    }

    const f: Frame = {
      model,
      circleSeconds: circle,
      townshipCount: townships.length,
      placeCount,
      placePoint,
      placeKey: [...townships.map((t) => t.code), ...villages.map((v) => v.id)],
      placeName: [...townships.map((t) => t.name), ...villages.map((v) => v.name)],
      placeTownship: [...townships.map((t) => t.code), ...villages.map((v) => v.townshipCode ?? null)],
      teamIndex,
      teamBase,
      teamVehicle,
      teamCaps,
      teamCoverStart,
      teamCoverPlace: Int32Array.from(coverPlace),
      placeCoverStart,
      placeCoverTeam,
      placeCoverEta,
    };

    const available = Uint8Array.from(teams, (t) => (t.status === 'available' ? 1 : 0));
    const coverCount = new Int32Array(placeCount);
    const bestTeam = new Int32Array(placeCount).fill(-1);
    const bestEta = new Float64Array(placeCount).fill(Infinity);
    let covered = 0;
    for (let p = 0; p < placeCount; p++) {
      CoverageIndex.settlePlace(f, p, available, coverCount, bestTeam, bestEta);
      if (coverCount[p] > 0) covered++;
    }
    return new CoverageIndex(f, [...teams], available, coverCount, bestTeam, bestEta, covered);
  }

  /** Recounts one place from scratch: covering teams from its list, else a scan of every available team. */
  private static settlePlace(
    f: Frame,
    p: number,
    available: Uint8Array,
    coverCount: Int32Array,
    bestTeam: Int32Array,
    bestEta: Float64Array,
  ): void {
    let count = 0;
    let bt = -1;
    let be = Infinity;
    for (let k = f.placeCoverStart[p]; k < f.placeCoverStart[p + 1]; k++) {
      const t = f.placeCoverTeam[k];
      if (!available[t]) continue;
      if (count === 0) {
        bt = t;
        be = f.placeCoverEta[k];
      }
      count++;
    }
    if (count === 0) {
      const point = f.placePoint[p];
      for (let t = 0; t < available.length; t++) {
        if (!available[t]) continue;
        const eta = f.model.etaSeconds(f.teamBase[t], point, f.teamVehicle[t]);
        if (better(eta, t, be, bt)) {
          be = eta;
          bt = t;
        }
      }
    }
    coverCount[p] = count;
    bestTeam[p] = bt;
    bestEta[p] = be;
  }

  get circleSeconds(): number {
    return this.f.circleSeconds;
  }

  get model(): TravelTimeModel {
    return this.f.model;
  }

  /** Township centres first (indices 0 … townshipCount − 1), then village points. */
  get placeCount(): number {
    return this.f.placeCount;
  }

  get townshipCount(): number {
    return this.f.townshipCount;
  }

  get coveredShare(): number {
    return this.f.placeCount === 0 ? 0 : this.coveredPlaces / this.f.placeCount;
  }

  get teamCount(): number {
    return this.teams.length;
  }

  /** Index of a team in {@link teams}, or −1. */
  indexOfTeam(teamId: string): number {
    return this.f.teamIndex.get(teamId) ?? -1;
  }

  team(teamId: string): RescueTeam | undefined {
    const i = this.indexOfTeam(teamId);
    return i < 0 ? undefined : this.teams[i];
  }

  isAvailableAt(teamIndex: number): boolean {
    return this.available[teamIndex] === 1;
  }

  /** The team's capabilities as a bit set ({@link capabilityMask}). */
  capabilityMaskAt(teamIndex: number): number {
    return this.f.teamCaps[teamIndex];
  }

  /** ETA of team `teamIndex` from its base to `point`, by this index's model. */
  etaAt(teamIndex: number, point: GeoPoint): number {
    return this.f.model.etaSeconds(this.f.teamBase[teamIndex], point, this.f.teamVehicle[teamIndex]);
  }

  /** Township code or village id, and name, of place `p`. */
  placeLabel(p: number): { key: string; name: string; township: boolean } {
    return { key: this.f.placeKey[p], name: this.f.placeName[p], township: p < this.f.townshipCount };
  }

  /** Coverage of one place by township code or village id; undefined when unknown. */
  placeCoverage(key: string): TownshipCoverage | undefined {
    const p = this.f.placeKey.indexOf(key);
    if (p < 0) return undefined;
    return { code: key, name: this.f.placeName[p], ...this.bestOf(p) };
  }

  private bestOf(p: number): { bestEtaSeconds: number | null; teamId: string | null; covered: boolean } {
    const t = this.bestTeam[p];
    return {
      bestEtaSeconds: t < 0 ? null : this.bestEta[p],
      teamId: t < 0 ? null : this.teams[t].id,
      covered: this.coverCount[p] > 0,
    };
  }

  report(): CoverageReport {
    const f = this.f;
    const townships: TownshipCoverage[] = [];
    for (let p = 0; p < f.townshipCount; p++)
      townships.push({ code: f.placeKey[p], name: f.placeName[p], ...this.bestOf(p) });
    const out: CoverageReport = {
      circleSeconds: f.circleSeconds,
      townships,
      coveredShare: this.coveredShare,
    };
    if (f.placeCount > f.townshipCount) {
      const villages: VillageCoverage[] = [];
      for (let p = f.townshipCount; p < f.placeCount; p++)
        villages.push({
          id: f.placeKey[p],
          name: f.placeName[p],
          townshipCode: f.placeTownship[p],
          ...this.bestOf(p),
        });
      out.villages = villages;
    }
    return out;
  }

  /**
   * The index after team `teamId` moves to `status` (checked against the team status machine; an illegal
   * move throws `RESCUE_TEAM.ILLEGAL_TRANSITION`, an unknown team `RESCUE_CIRCLE.UNKNOWN_TEAM`).
   *
   * Incremental: a team becoming available is compared against the places it reaches within the circle
   * and against the places nobody covers (one ETA each); a team leaving is removed from the places it
   * reaches, and only the places it was best for are settled again (next team in the place's list, or a
   * scan of the available teams when no one else covers the place).
   */
  withStatusChange(teamId: string, status: TeamStatus): CoverageIndex {
    return this.changed(teamId, (team) => transitionTeam(team, status));
  }

  /**
   * The index with team `teamId` at `status` as observed elsewhere (the database), whatever moves led there:
   * no status-machine check, which the writer of that status already made. Incremental like
   * {@link withStatusChange}.
   */
  withObservedStatus(teamId: string, status: TeamStatus): CoverageIndex {
    return this.changed(teamId, (team) => ({ ...team, status }));
  }

  private changed(teamId: string, move: (team: RescueTeam) => RescueTeam): CoverageIndex {
    const t = this.indexOfTeam(teamId);
    if (t < 0) {
      throw new DomainError('RESCUE_CIRCLE.UNKNOWN_TEAM', 'not_found', `unknown team ${teamId}`, {
        pointer: '/teamId',
      });
    }
    const teams = this.teams.slice();
    teams[t] = move(this.teams[t]);
    const status = teams[t].status;
    const nowAvailable = status === 'available';
    if (nowAvailable === (this.available[t] === 1)) {
      return new CoverageIndex(
        this.f,
        teams,
        this.available,
        this.coverCount,
        this.bestTeam,
        this.bestEta,
        this.coveredPlaces,
      );
    }
    const f = this.f;
    const available = this.available.slice();
    const coverCount = this.coverCount.slice();
    const bestTeam = this.bestTeam.slice();
    const bestEta = this.bestEta.slice();
    let covered = this.coveredPlaces;
    const from = f.teamCoverStart[t];
    const to = f.teamCoverStart[t + 1];
    if (nowAvailable) {
      available[t] = 1;
      for (let k = from; k < to; k++) {
        const p = f.teamCoverPlace[k];
        if (coverCount[p]++ === 0) {
          covered++;
          // Was uncovered: its best (if any) lay outside the circle, this team is inside.
          bestTeam[p] = -1;
          bestEta[p] = Infinity;
        }
      }
      // Settle the places this team reaches from their lists (cheap), then offer it to the rest of the
      // uncovered places.
      for (let k = from; k < to; k++) {
        const p = f.teamCoverPlace[k];
        const eta = this.placeEtaOf(p, t);
        if (better(eta, t, bestEta[p], bestTeam[p])) {
          bestEta[p] = eta;
          bestTeam[p] = t;
        }
      }
      const base = f.teamBase[t];
      const vc = f.teamVehicle[t];
      for (let p = 0; p < f.placeCount; p++) {
        if (coverCount[p] !== 0) continue;
        const eta = f.model.etaSeconds(base, f.placePoint[p], vc);
        if (better(eta, t, bestEta[p], bestTeam[p])) {
          bestEta[p] = eta;
          bestTeam[p] = t;
        }
      }
    } else {
      available[t] = 0;
      for (let k = from; k < to; k++) {
        const p = f.teamCoverPlace[k];
        if (--coverCount[p] === 0) covered--;
      }
      for (let p = 0; p < f.placeCount; p++) {
        if (bestTeam[p] === t) CoverageIndex.settlePlace(f, p, available, coverCount, bestTeam, bestEta);
      }
    }
    return new CoverageIndex(f, teams, available, coverCount, bestTeam, bestEta, covered);
  }

  /** ETA of team t at place p from the place's list (t must reach p within the circle). */
  private placeEtaOf(p: number, t: number): number {
    const f = this.f;
    for (let k = f.placeCoverStart[p]; k < f.placeCoverStart[p + 1]; k++) {
      if (f.placeCoverTeam[k] === t) return f.placeCoverEta[k];
    }
    return f.model.etaSeconds(f.teamBase[t], f.placePoint[p], f.teamVehicle[t]);
  }

  /** A fresh ledger for one dispatch decision against this snapshot. */
  departures(): DepartureLedger {
    return new Ledger(this.f, this.coverCount);
  }
}

class Ledger implements DepartureLedger {
  /** Place → how many of its covering teams are leaving. */
  private readonly leaving = new Map<number, number>();
  private readonly lost: number[] = [];

  constructor(
    private readonly f: Frame,
    private readonly coverCount: Int32Array,
  ) {}

  lossIf(teamIndex: number): CoverageLoss {
    const f = this.f;
    const loss: CoverageLoss = { townships: 0, villages: 0, townshipPlaces: [] };
    for (let k = f.teamCoverStart[teamIndex]; k < f.teamCoverStart[teamIndex + 1]; k++) {
      const p = f.teamCoverPlace[k];
      if (this.coverCount[p] - (this.leaving.get(p) ?? 0) !== 1) continue;
      if (p < f.townshipCount) {
        loss.townships++;
        loss.townshipPlaces.push(p);
      } else loss.villages++;
    }
    return loss;
  }

  depart(teamIndex: number): void {
    const f = this.f;
    for (let k = f.teamCoverStart[teamIndex]; k < f.teamCoverStart[teamIndex + 1]; k++) {
      const p = f.teamCoverPlace[k];
      const n = (this.leaving.get(p) ?? 0) + 1;
      this.leaving.set(p, n);
      if (this.coverCount[p] - n === 0) this.lost.push(p);
    }
  }

  lostPlaces(): readonly number[] {
    return this.lost;
  }
}
