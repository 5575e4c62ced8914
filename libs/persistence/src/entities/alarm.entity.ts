import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('alarms')
@Index('alarms_source_external_id_key', ['source', 'externalId'], { unique: true })
export class AlarmEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ name: 'township_code', type: 'text' })
  townshipCode: string;

  @Column({ type: 'double precision', nullable: true })
  lat: number | null;

  @Column({ type: 'double precision', nullable: true })
  lon: number | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'incident_id', type: 'uuid', nullable: true })
  incidentId: string | null;
}
