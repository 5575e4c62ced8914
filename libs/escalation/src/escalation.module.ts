import { Module } from '@nestjs/common';
import { DeadlineWatch } from './deadline-watch';
import { HandleDeadlineHandler } from './handle-deadline/handle-deadline.handler';
import { PlanCatalogue } from './plan-catalogue';

/** Escalation (超时升级): every task's deadlines are watched by timers that PostgreSQL can always rebuild. */
@Module({ providers: [DeadlineWatch, HandleDeadlineHandler, PlanCatalogue] })
export class EscalationModule {}
