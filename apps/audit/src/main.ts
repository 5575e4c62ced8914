import 'reflect-metadata';
import { AuditModule } from '@erp/audit';
import { runMain, startService } from '@erp/platform';

/** Audit (审计): logs every event, projects timelines and response times, seals the checkpoint chain. */
void runMain((config) =>
  startService({ service: 'audit', contexts: [AuditModule], relay: false, timers: false }, config),
);
