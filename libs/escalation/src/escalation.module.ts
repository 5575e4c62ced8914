import { Module } from '@nestjs/common';
import { DeadlineWatch } from './deadline-watch';
import { EndExpiredWarningHandler } from './end-expired-warning/end-expired-warning.handler';
import { HandleWarningDeadlineHandler } from './handle-warning-deadline/handle-warning-deadline.handler';
import { HandleDeadlineHandler } from './handle-deadline/handle-deadline.handler';
import { PlanCatalogue } from './plan-catalogue';

/**
 * Escalation (超时升级): every task's deadlines, and every warning's expiry, are watched by timers that
 * PostgreSQL can always rebuild.
 */
@Module({
  providers: [
    DeadlineWatch,
    HandleDeadlineHandler,
    EndExpiredWarningHandler,
    HandleWarningDeadlineHandler,
    PlanCatalogue,
  ],
})
export class EscalationModule {}
