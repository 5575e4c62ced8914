export * from './intake.module';
export * from './receive-alarm/alarm-submission.schema';
export * from './receive-alarm/alarm-admission';
