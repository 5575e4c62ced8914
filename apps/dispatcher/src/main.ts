import 'reflect-metadata';
import { DispatchModule } from '@erp/dispatch';
import { runMain, startService } from '@erp/platform';

/** Dispatcher (调度): alarms → classified incidents → tasks for the responsible units. */
void runMain((config) =>
  startService({ service: 'dispatcher', contexts: [DispatchModule], relay: true, timers: false }, config),
);
