export * from './auth.module';
export * from './access-token';
export * from './signed-in.guard';
export * from './user-causation';
export * from './acting-officer';
export * from './incident-access';
