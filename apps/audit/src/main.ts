import 'reflect-metadata';
import { AuditModule } from '@erp/audit';
import { runMain, startService } from '@erp/platform';

/** Audit (审计): projects every incident event into the hash-chained timeline. */
void runMain((config) =>
  startService({ service: 'audit', contexts: [AuditModule], relay: false, timers: false }, config),
);
