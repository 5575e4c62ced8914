import { Injectable } from '@nestjs/common';
import { Stores, TieredResponsePlan } from '@erp/domain';

/** Published plan versions never change, so each is read once: a task climbs the ladders of its own version. */
@Injectable()
export class PlanCatalogue {
  private readonly plans = new Map<string, TieredResponsePlan>();

  async byVersion(stores: Stores, planVersion: string): Promise<TieredResponsePlan | null> {
    const kept = this.plans.get(planVersion);
    if (kept) return kept;
    const stored = await stores.plans.byVersion(planVersion);
    if (stored) this.plans.set(planVersion, stored.plan);
    return stored?.plan ?? null;
  }
}
