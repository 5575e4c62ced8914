import 'reflect-metadata';
import { CommandModule } from '@erp/command';
import { DutyModule } from '@erp/duty';
import { runMain, startService } from '@erp/platform';

/** Duty console (值班台): sign-in, tasks, incidents and timelines for duty officers. */
void runMain((config) =>
  startService(
    { service: 'duty-console', contexts: [DutyModule, CommandModule], relay: true, timers: false },
    config,
  ),
);
