import { Module } from '@nestjs/common';
import { DeadlineWatch } from './deadline-watch';
import { HandleAckDeadlineHandler } from './handle-ack-deadline/handle-ack-deadline.handler';

/** Escalation (超时升级): every task's deadlines are watched by timers that survive restarts. */
@Module({ providers: [DeadlineWatch, HandleAckDeadlineHandler] })
export class EscalationModule {}
