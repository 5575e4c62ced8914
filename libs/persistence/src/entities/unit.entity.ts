import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A responding unit: township office, command room, department, team… (the 1+18 structure grows here). */
@Entity('units')
export class UnitEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'township_code', type: 'text', nullable: true })
  townshipCode: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
