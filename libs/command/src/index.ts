export * from './command.module';
