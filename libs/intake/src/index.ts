export * from './intake.module';
export * from './receive-alarm/alarm-admission';
