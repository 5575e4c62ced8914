export * from './event-log.repository';
export * from './timeline.repository';
export * from './checkpoint.repository';
export * from './response-times.repository';
export * from './timeline-rebuild.repository';
