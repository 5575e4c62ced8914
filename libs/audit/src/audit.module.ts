import { Module } from '@nestjs/common';
import { AuditProjector } from './project-events/audit-projector';
import { CheckpointSealer } from './seal-checkpoints/checkpoint-sealer';

/**
 * Audit (审计): every event into the append-only event log, and from it the hash-chained incident timelines
 * and the response-time tables; the district chain of incident heads sealed every CHECKPOINT_SECONDS.
 */
@Module({ providers: [AuditProjector, CheckpointSealer] })
export class AuditModule {}
