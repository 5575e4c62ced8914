import { Module } from '@nestjs/common';
import { TimelineProjector } from './append-entry/timeline-projector';

/** Audit (审计): every incident event lands in an append-only, hash-chained timeline. */
@Module({ providers: [TimelineProjector] })
export class AuditModule {}
