export * from './timeline.read-model';
export * from './response-times.read-model';
export * from './incident-record.read-model';
