import type { CoverageIndex } from '../rescue-circle/coverage';
import type { GeoPoint } from '../shared/geo';
import type { RescueTeam, TeamStatus } from '../rescue-circle/rescue-team';
import type { CommandUnit, UnitKind } from './command-unit';
import type { UnitRegistry } from './unit-registry';

export interface UnitRecord {
  /** As the domain knows it; a rescue team has the `rescueTeamUnit(team)` shape, its live team under `.team`. */
  unit: CommandUnit;
  /** The live team (its stored status) for a rescue team, else null. */
  team: RescueTeam | null;
  revision: number;
  updatedAt: Date;
  /** When the unit was retired: it stays for history (names of past tasks), never tasked again. */
  retiredAt: Date | null;
}

/** The units of the 1+18 structure and the rescue teams, as stored. */
export interface UnitStore {
  /**
   * Every unit, teams included, as a validated registry (retired ones too: they name past tasks), plus the
   * teams in service with their live status (a retired team is never dispatched nor counted in coverage).
   */
  load(): Promise<{ registry: UnitRegistry; teams: RescueTeam[] }>;
  /** Changes whenever any unit's content (not a team's status) changes. */
  contentFingerprint(): Promise<string>;
  get(id: string, options?: { forUpdate?: boolean }): Promise<UnitRecord | null>;
  list(filter?: { kind?: UnitKind; townshipCode?: string }): Promise<UnitRecord[]>;
  update(unit: CommandUnit, team?: Omit<RescueTeam, 'status'> | null): Promise<void>;
  /** Adds units (a team `available`); an id already taken is `UNIT.ID_TAKEN` (conflict). */
  create(units: readonly { unit: CommandUnit; team: Omit<RescueTeam, 'status'> | null }[]): Promise<void>;
  /**
   * Retires units: kept with their names, responsibilities and roster cleared, a team out of service for good;
   * bumps their revision.
   */
  retire(ids: readonly string[]): Promise<void>;
  /** The commander's corrected township points, by township code. */
  townshipPoints(): Promise<Map<string, GeoPoint>>;
  /** Sets a township's point (the caller checked it lies in the district); changes the content fingerprint. */
  correctTownshipPoint(code: string, point: GeoPoint): Promise<void>;
}

/** Rescue teams' live status: every change conditional on the status read, so two callers never both win. */
export interface TeamStatusStore {
  statuses(): Promise<Map<string, TeamStatus>>;
  statusOf(teamId: string): Promise<TeamStatus | null>;
  /** Sets `to` only where the status is still `from`; true when it did. */
  setStatus(teamId: string, from: TeamStatus, to: TeamStatus): Promise<boolean>;
  /** Marks as dispatched those of the teams that are available; the ids claimed, in the order asked. */
  claim(teamIds: readonly string[]): Promise<string[]>;
}

/** The command structure as stored now, and the 15-minute coverage of its teams at their live status. */
export interface CommandStructureSnapshot {
  registry: UnitRegistry;
  coverage: CoverageIndex;
}

/** The structure kept between reads (one per process): the registry, and coverage with fresh statuses. */
export interface StructureSnapshotReader {
  read(): Promise<CommandStructureSnapshot>;
  registry(): Promise<UnitRegistry>;
}
