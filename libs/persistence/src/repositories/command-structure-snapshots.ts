import { EntityManager } from 'typeorm';
import { BAZHOU, CoverageIndex, RescueTeam, TravelTimeModel, UnitRegistry } from '@erp/domain';
import { CommandStructureRepository } from './command-structure.repository';

/** The command structure as stored now, and the 15-minute coverage of its teams by the process's model. */
export interface CommandStructureSnapshot {
  fingerprint: string;
  registry: UnitRegistry;
  teams: RescueTeam[];
  /** Over the 25 townships; teams as they are now (only available ones cover). */
  coverage: CoverageIndex;
}

/**
 * The stored command structure, kept between reads while it is unchanged. Loading it and building the
 * coverage index (every team–place pair in reach) is the costly part, so a read first asks for the
 * structure's fingerprint (one small query) and rebuilds only when it moved: a unit edited, a team
 * dispatched or back. One per process, shared by dispatch and the coverage map, so both agree on who is
 * inside the circle. Reads go through the caller's manager (a transaction's, when deciding).
 */
export class CommandStructureSnapshots {
  private last: CommandStructureSnapshot | null = null;

  constructor(private readonly model: TravelTimeModel) {}

  async read(m: EntityManager): Promise<CommandStructureSnapshot> {
    const fingerprint = await CommandStructureRepository.fingerprint(m);
    if (this.last?.fingerprint === fingerprint) return this.last;
    const loaded = await CommandStructureRepository.load(m);
    const coverage = CoverageIndex.build({
      teams: loaded.teams,
      model: this.model,
      townships: BAZHOU.townships,
    });
    // Keyed by the fingerprint read with the rows: if the district moved on in between, the next read
    // sees a new fingerprint and rebuilds, rather than serving old rows under a new key.
    this.last = { fingerprint: loaded.fingerprint, registry: loaded.registry, teams: loaded.teams, coverage };
    return this.last;
  }

  /** Drop what was read (a claim lost to another dispatcher: the statuses moved on). */
  forget(): void {
    this.last = null;
  }
}
