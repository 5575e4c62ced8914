import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The inbox: an event id a consumer has already applied. */
@Entity('processed_events')
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'text' })
  consumer: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @CreateDateColumn({ name: 'processed_at', type: 'timestamptz' })
  processedAt: Date;
}
