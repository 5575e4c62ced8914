import type { StoredPlan, TieredResponsePlan } from '@erp/domain';

/** What the plan endpoints answer about a version; `plan` is the document as published. */
export interface PlanMetaView {
  planVersion: string;
  seq: number;
  publishedAt: string;
  publishedBy: string | null;
}

export function planMeta(stored: StoredPlan): PlanMetaView {
  return {
    planVersion: stored.plan.planVersion,
    seq: stored.seq,
    publishedAt: stored.publishedAt.toISOString(),
    publishedBy: stored.publishedBy,
  };
}

export function planView(stored: StoredPlan): PlanMetaView & { plan: TieredResponsePlan } {
  return { ...planMeta(stored), plan: stored.plan };
}
