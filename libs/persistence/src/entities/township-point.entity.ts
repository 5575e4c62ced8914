import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A township's corrected point (the commander's); a township without a row keeps its shipped point. */
@Entity('township_points')
export class TownshipPointEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_township_points_code' })
  code: string;

  @Column({ type: 'double precision' })
  lat: number;

  @Column({ type: 'double precision' })
  lon: number;

  /** Bumped by each correction: part of the structure's content fingerprint, so coverage is rebuilt. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
