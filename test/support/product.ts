import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Type } from '@nestjs/common';
import { AuditModule, AuditReportsModule } from '@erp/audit';
import { loadConfig } from '@erp/config';
import { DispatchModule } from '@erp/dispatch';
import { DutyModule } from '@erp/duty';
import { IntakeModule } from '@erp/intake';
import { createLogger, RunningService, startService } from '@erp/platform';

/** The contexts of the alarm path without timers: intake → dispatch → duty console → audit. */
export const ALARM_PATH: Type<unknown>[] = [
  IntakeModule,
  DispatchModule,
  DutyModule,
  AuditModule,
  AuditReportsModule,
];

/** Signs the tests' tokens: a service with the duty console cannot start without a secret. */
export const TEST_JWT_SECRET = `test-jwt-secret-${randomBytes(12).toString('hex')}`;

/**
 * One in-process service for a test on a real database: configured through the one config loader,
 * on a free port, quiet unless something fails.
 */
export function startTestService(
  name: string,
  env: Record<string, string>,
  contexts: Type<unknown>[] = ALARM_PATH,
  needs: { relay?: boolean; timers?: boolean } = {},
): Promise<RunningService> {
  return startService(
    { service: name, contexts, relay: needs.relay ?? true, timers: needs.timers ?? false },
    { ...loadConfig({ OUTBOX_POLL_MS: '50', JWT_SECRET: TEST_JWT_SECRET, ...env }), port: 0 },
    createLogger({ logFormat: 'json', logLevel: 'error' }, 'test'),
  );
}
