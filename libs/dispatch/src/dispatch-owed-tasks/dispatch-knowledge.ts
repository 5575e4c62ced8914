import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CoverageIndex, TieredResponsePlan, UnitRegistry } from '@erp/domain';
import { CommandStructureSnapshots, ResponsePlanRepository } from '@erp/persistence';

export interface Knowledge {
  registry: UnitRegistry;
  /** The teams' live status as a coverage index. */
  coverage: CoverageIndex;
  plan: TieredResponsePlan;
}

/**
 * What dispatch decides with: the command structure and the teams' live status (the process's shared
 * snapshot), and the current response plan, kept while its version stays. Read through the caller's
 * transaction. A stale read cannot double-book a team: claiming it is a conditional update.
 */
@Injectable()
export class DispatchKnowledge implements OnApplicationBootstrap {
  private plan: TieredResponsePlan | null = null;

  constructor(
    private readonly structure: CommandStructureSnapshots,
    private readonly dataSource: DataSource,
  ) {}

  /** Load and validate the structure and plan before the first incident waits for it (cold start). */
  async onApplicationBootstrap(): Promise<void> {
    await this.read(this.dataSource.manager).catch(() => undefined); // no plan yet: the first dispatch says so
  }

  async read(m: EntityManager): Promise<Knowledge> {
    const { registry, coverage } = await this.structure.read(m);
    const version = await ResponsePlanRepository.currentVersion(m);
    if (!version) throw new Error('no response plan is published: seed or publish one before dispatching');
    if (this.plan?.planVersion !== version) {
      const stored = await ResponsePlanRepository.byVersion(m, version);
      this.plan = stored!.plan;
    }
    return { registry, coverage, plan: this.plan };
  }
}
