import { Column, CreateDateColumn, Entity, PrimaryColumn, Unique } from 'typeorm';
import type { TieredResponsePlan } from '@erp/domain';

/**
 * One published version of the tiered response plan (分级响应预案), stored whole as published. Rows are only
 * appended: `seq` is the publish order, and the highest is the current plan; tasks name the version they
 * came from, so old versions stay for audits.
 */
@Entity('response_plans')
@Unique('response_plans_seq_key', ['seq'])
export class ResponsePlanEntity {
  @PrimaryColumn({ name: 'plan_version', type: 'text' })
  planVersion: string;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'jsonb' })
  document: TieredResponsePlan;

  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;

  @Column({ name: 'published_by', type: 'text', nullable: true })
  publishedBy: string | null;
}
