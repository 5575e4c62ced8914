import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TieredResponsePlan } from '@erp/domain';
import { ResponsePlanRepository } from '@erp/persistence';

/** Published plan versions never change, so each is read once: a task climbs the ladders of its own version. */
@Injectable()
export class PlanCatalogue {
  private readonly plans = new Map<string, TieredResponsePlan>();

  async byVersion(m: EntityManager, planVersion: string): Promise<TieredResponsePlan | null> {
    const kept = this.plans.get(planVersion);
    if (kept) return kept;
    const stored = await ResponsePlanRepository.byVersion(m, planVersion);
    if (stored) this.plans.set(planVersion, stored.plan);
    return stored?.plan ?? null;
  }
}
