import type { TieredResponsePlan } from './plan-document';

export interface StoredPlan {
  plan: TieredResponsePlan;
  seq: number;
  publishedAt: Date;
  publishedBy: string | null;
}

export interface PlanVersionSummary {
  planVersion: string;
  seq: number;
  publishedAt: Date;
  publishedBy: string | null;
  clauses: number;
}

/** The tiered response plan's published versions: appended, never changed. */
export interface PlanStore {
  current(): Promise<StoredPlan | null>;
  currentVersion(): Promise<string | null>;
  byVersion(planVersion: string): Promise<StoredPlan | null>;
  list(): Promise<PlanVersionSummary[]>;
  /** Appends a validated version that must come after the current one (PLAN.VERSION_NOT_LATER otherwise). */
  publish(plan: TieredResponsePlan, publishedBy: string | null): Promise<StoredPlan>;
}
