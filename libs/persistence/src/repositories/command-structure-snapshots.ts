import { EntityManager } from 'typeorm';
import {
  BAZHOU,
  CommandStructureSnapshot,
  correctedTownships,
  CoverageIndex,
  UnitRegistry,
} from '@erp/domain';
import type { TravelTimeModel } from '@erp/domain';
import { CommandStructureRepository, RescueTeamRepository } from './command-structure.repository';

interface Kept {
  /** The units' content fingerprint the rest was built from. */
  content: string;
  registry: UnitRegistry;
  coverage: CoverageIndex;
}

/**
 * The stored command structure, kept between reads. Loading the units (and validating them as a registry)
 * and building the coverage index (every team–place pair in reach) is the costly part, so it is redone only
 * when a unit's content changed (its revision). Team statuses change all the time (every dispatch takes
 * teams), so they are read afresh on every read (one small query) and applied to the kept index one team
 * at a time, which touches only that team's places. One per process, shared by dispatch and the coverage
 * map, so both agree on who is inside the circle. Reads go through the caller's manager (a transaction's,
 * when deciding: the statuses are then those that transaction sees).
 */
export class CommandStructureSnapshots {
  private kept: Kept | null = null;

  constructor(private readonly model: TravelTimeModel) {}

  async read(m: EntityManager): Promise<CommandStructureSnapshot> {
    // Concurrent reads interleave at every await: work on a local copy, keep it at the end.
    const kept = await this.current(m);
    const statuses = await RescueTeamRepository.statuses(m);
    let coverage = kept.coverage;
    for (const team of coverage.teams) {
      const now = statuses.get(team.id);
      if (now && now !== team.status) coverage = coverage.withObservedStatus(team.id, now);
    }
    this.kept = { ...kept, coverage };
    return { registry: kept.registry, coverage };
  }

  /** The units alone (no team statuses): one small query while nothing changed. */
  async registry(m: EntityManager): Promise<UnitRegistry> {
    return (await this.current(m)).registry;
  }

  /** What is kept, rebuilt first when a unit's content changed. */
  private async current(m: EntityManager): Promise<Kept> {
    // The key is read before the rows: a change in between costs one more rebuild, never stale rows kept
    // under a fresh key.
    const content = await CommandStructureRepository.contentFingerprint(m);
    const kept = this.kept;
    if (kept?.content === content) return kept;
    const loaded = await CommandStructureRepository.load(m);
    // The 15-minute circle is measured to each township's point as the commander corrected it.
    const points = await CommandStructureRepository.townshipPoints(m);
    const coverage = CoverageIndex.build({
      teams: loaded.teams,
      model: this.model,
      townships: correctedTownships(BAZHOU.townships, points),
    });
    const fresh: Kept = { content, registry: loaded.registry, coverage };
    this.kept = fresh;
    return fresh;
  }
}
