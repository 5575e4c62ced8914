import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { HazardResponsiblePerson } from '@erp/domain';

/**
 * A hazard point of the register (隐患点, 风险分级管控) with its 责任清单: responsible persons kept whole as
 * JSON (each names a user who can sign in). `sample` marks the fictional seed points.
 */
@Entity('hazard_points')
@Check(
  'hazard_points_kind_check',
  `kind IN ('landslide', 'collapse', 'debris_flow', 'ground_subsidence', 'flood_point', 'hazmat_site', 'gas_facility', 'forest_area')`,
)
@Check('hazard_points_risk_grade_check', `risk_grade IN ('major', 'high', 'general', 'low')`)
@Check('hazard_points_threatened_check', `threatened_persons >= 0 AND threatened_households >= 0`)
@Index('IDX_hazard_points_township', ['townshipCode'])
export class HazardPointEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  @Column({ name: 'risk_grade', type: 'text' })
  riskGrade: string;

  @Column({ name: 'threatened_persons', type: 'integer' })
  threatenedPersons: number;

  @Column({ name: 'threatened_households', type: 'integer' })
  threatenedHouseholds: number;

  @Column({ name: 'responsible_persons', type: 'jsonb' })
  responsiblePersons: HazardResponsiblePerson[];

  @Column({ type: 'boolean', default: false })
  sample: boolean;

  /** Bumped by every edit: the operator's edit version (If-Match). */
  @Column({ type: 'integer', default: 0 })
  revision: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
