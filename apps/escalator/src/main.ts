import 'reflect-metadata';
import { EscalationModule } from '@erp/escalation';
import { NotifyModule } from '@erp/notify';
import { runMain, startService } from '@erp/platform';

/** Escalator (超时升级): BullMQ deadline timers for every task; escalates on breach; tells people (通知). */
void runMain((config) =>
  startService(
    { service: 'escalator', contexts: [EscalationModule, NotifyModule], relay: true, timers: true },
    config,
  ),
);
