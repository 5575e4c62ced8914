export * from './deadline-timers.port';
export * from './bullmq-deadline-timers';
export * from './timer-changes';
export * from './warning-timers';
