export * from './escalation.module';
export * from './deadline-watch';
export * from './timer-reconciler';
