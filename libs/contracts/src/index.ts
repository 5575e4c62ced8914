export * from './topics';
export * from './envelope';
export * from './events';
export * from './validation';
export * from './decode';
export * from './storable-text';
export * from './alarm-submission';
export * from './dead-letter';
