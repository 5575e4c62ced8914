export * from './duty.module';
export * from './auth/access-token';
export * from './auth/signed-in.guard';
export * from './auth/user-causation';
export * from './move-task/acting-officer';
