import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { CoverageIndex, ReadStore, Stores, TieredResponsePlan, UnitRegistry } from '@erp/domain';

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

  constructor(private readonly store: ReadStore) {}

  /** Load and validate the structure and plan before the first incident waits for it (cold start). */
  async onApplicationBootstrap(): Promise<void> {
    await this.read(this.store).catch(() => undefined); // no plan yet: the first dispatch says so
  }

  async read(stores: Stores): Promise<Knowledge> {
    const { registry, coverage } = await stores.structure.read();
    const version = await stores.plans.currentVersion();
    if (!version) throw new Error('no response plan is published: seed or publish one before dispatching');
    if (this.plan?.planVersion !== version) {
      const stored = await stores.plans.byVersion(version);
      this.plan = stored!.plan;
    }
    return { registry, coverage, plan: this.plan };
  }
}
