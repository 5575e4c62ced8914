import 'reflect-metadata';
import { DutyModule } from '@erp/duty';
import { runMain, startService } from '@erp/platform';

/** Duty console (值班台): sign-in, tasks, incidents and timelines for duty officers. */
void runMain((config) =>
  startService({ service: 'duty-console', contexts: [DutyModule], relay: true, timers: false }, config),
);
