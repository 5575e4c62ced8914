export * from './dispatch.module';
export * from './dispatch-owed-tasks/dispatch-owed-tasks.command';
export { PLAN_DISPATCHER } from './dispatch-owed-tasks/dispatch-owed-tasks.handler';
