export * from './logger';
export * from './infrastructure';
export * from './infrastructure.module';
export * from './domain-error.filter';
export * from './health.controller';
export * from './http-app';
export * from './request-body';
export * from './service-runner';
