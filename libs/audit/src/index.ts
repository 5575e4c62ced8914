export * from './audit.module';
export * from './append-entry/timeline-projector';
export * from './timeline/hash-chain';
export * from './timeline/timeline-summary';
export * from './timeline/timeline.query';
export * from './timeline/incident-timeline.handler';
