export * from './escalation.module';
