export * from './notify.module';
export * from './notify-people/notify-people';
export * from './notify-people/notifier-actor';
export * from './deliver-webhooks/webhook-sender';
