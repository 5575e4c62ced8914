export * from './warning';
export * from './warning-area';
export * from './warning-clauses';
export * from './warning-store.port';
export * from './sensor-warning';
