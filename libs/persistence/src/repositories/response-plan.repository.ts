import { EntityManager } from 'typeorm';
import {
  comparePlanVersions,
  DomainError,
  PlanVersionSummary,
  StoredPlan,
  TieredResponsePlan,
} from '@erp/domain';
import { ResponsePlanEntity } from '../entities';

/** Publishers of the response plan take turns on this transaction-scoped lock ('erp' + 3). */
const PLAN_PUBLISH_LOCK_KEY = 0x65727003;

/** The one row → domain mapping: the document is read back as it was published. */
function toStored(row: ResponsePlanEntity): StoredPlan {
  return { plan: row.document, seq: row.seq, publishedAt: row.publishedAt, publishedBy: row.publishedBy };
}

async function current(m: EntityManager): Promise<StoredPlan | null> {
  const [row] = await m.find(ResponsePlanEntity, { order: { seq: 'DESC' }, take: 1 });
  return row ? toStored(row) : null;
}

async function publishLocked(
  m: EntityManager,
  plan: TieredResponsePlan,
  publishedBy: string | null,
): Promise<StoredPlan> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [PLAN_PUBLISH_LOCK_KEY]);
  if (await m.existsBy(ResponsePlanEntity, { planVersion: plan.planVersion })) {
    throw new DomainError(
      'PLAN.VERSION_EXISTS',
      'conflict',
      `plan version ${plan.planVersion} is already published`,
      { planVersion: plan.planVersion },
    );
  }
  // The caller checked the version against the current plan it read, but another publisher may have
  // committed since: only here, under the lock, is "later than the current one" certain.
  const latest = await current(m);
  if (latest && comparePlanVersions(plan.planVersion, latest.plan.planVersion) <= 0) {
    throw new DomainError(
      'PLAN.VERSION_NOT_LATER',
      'conflict',
      `plan version ${plan.planVersion} must come after the current ${latest.plan.planVersion}`,
      { planVersion: plan.planVersion, current: latest.plan.planVersion },
    );
  }
  const [row]: { seq: number; published_at: Date }[] = await m.query(
    `INSERT INTO response_plans (plan_version, seq, document, published_by)
     VALUES ($1, $2, $3::jsonb, $4)
     RETURNING seq, published_at`,
    [plan.planVersion, (latest?.seq ?? 0) + 1, JSON.stringify(plan), publishedBy],
  );
  return { plan, seq: row.seq, publishedAt: row.published_at, publishedBy };
}

export const ResponsePlanRepository = {
  /** The current plan: the highest seq. */
  current,

  /** The current plan's version alone (no document): what a cache of the plan checks before each use. */
  async currentVersion(m: EntityManager): Promise<string | null> {
    const [row]: { plan_version: string }[] = await m.query(
      `SELECT plan_version FROM response_plans ORDER BY seq DESC LIMIT 1`,
    );
    return row?.plan_version ?? null;
  },

  async byVersion(m: EntityManager, planVersion: string): Promise<StoredPlan | null> {
    const row = await m.findOneBy(ResponsePlanEntity, { planVersion });
    return row ? toStored(row) : null;
  },

  /** Every version in publish order, without the documents. */
  async list(m: EntityManager): Promise<PlanVersionSummary[]> {
    const rows: {
      plan_version: string;
      seq: number;
      published_at: Date;
      published_by: string | null;
      clauses: number;
    }[] = await m.query(
      `SELECT plan_version, seq, published_at, published_by,
              coalesce(jsonb_array_length(document -> 'clauses'), 0) AS clauses
         FROM response_plans ORDER BY seq`,
    );
    return rows.map((r) => ({
      planVersion: r.plan_version,
      seq: r.seq,
      publishedAt: r.published_at,
      publishedBy: r.published_by,
      clauses: r.clauses,
    }));
  },

  /**
   * Appends a version (seq = max + 1) under a transaction-scoped advisory lock, so two publishers serialise;
   * the caller has validated the document. Throws DomainError PLAN.VERSION_EXISTS when the version is
   * published already, and PLAN.VERSION_NOT_LATER when it does not come after the current one (a publisher
   * that committed meanwhile). Outside a transaction it opens one, since the lock lasts only as long.
   */
  async publish(m: EntityManager, plan: TieredResponsePlan, publishedBy: string | null): Promise<StoredPlan> {
    if (m.queryRunner?.isTransactionActive) return publishLocked(m, plan, publishedBy);
    return m.transaction((tx) => publishLocked(tx, plan, publishedBy));
  },
};
