export * from './duty.module';
