export * from './event-stream.port';
export * from './adapters/in-process-event-stream';
export * from './adapters/kafka-event-stream';
export * from './envelope-consumer';
export * from './record-consumer';
