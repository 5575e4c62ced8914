import 'reflect-metadata';
import { EscalationModule } from '@erp/escalation';
import { runMain, startService } from '@erp/platform';

/** Escalator (超时升级): BullMQ deadline timers for every task; escalates on breach. */
void runMain((config) =>
  startService({ service: 'escalator', contexts: [EscalationModule], relay: true, timers: true }, config),
);
