import { DataSource } from 'typeorm';
import type { Checkpoint, StoredTimeline, TimelineReadModel, UnmatchedHead } from '@erp/domain';
import { CheckpointRepository } from '../audit/checkpoint.repository';
import { TimelineRepository } from '../audit/timeline.repository';

/** The timeline and its checkpoints, read from PostgreSQL. */
export class PostgresTimelineReadModel implements TimelineReadModel {
  constructor(private readonly dataSource: DataSource) {}

  async storedTimeline(incidentId: string): Promise<StoredTimeline> {
    const m = this.dataSource.manager;
    // Checkpoints first: a seal landing in between then covers no more than the entries read after it.
    const sealed = await CheckpointRepository.ofIncident(m, incidentId);
    const entries = await TimelineRepository.entries(m, incidentId);
    return { incidentId, entries, sealed };
  }

  checkpointLinks(afterSeq: number, limit: number): Promise<Checkpoint[]> {
    return CheckpointRepository.linksAfter(this.dataSource.manager, afterSeq, limit);
  }

  unmatchedHeads(limit: number): Promise<UnmatchedHead[]> {
    return CheckpointRepository.headsNotStored(this.dataSource.manager, limit);
  }

  unsealedSeconds(): Promise<number | null> {
    return CheckpointRepository.unsealedSeconds(this.dataSource.manager);
  }
}
