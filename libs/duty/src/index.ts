export * from './duty.module';
export * from './auth/access-token';
