export * from './live.module';
export * from './live-event';
export * from './audience/audience';
export * from './audience/incident-units';
export * from './replay/event-ring';
export * from './feed/live-feed';
