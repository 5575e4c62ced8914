import { Module } from '@nestjs/common';
import { AuthModule } from '@erp/auth';
import { LiveFeedChannel } from './channels/live-feed.channel';
import { WebhookChannel } from './channels/webhook.channel';
import { WebhookSender } from './deliver-webhooks/webhook-sender';
import { NOTIFICATION_CHANNELS, NotifyPeople } from './notify-people/notify-people';
import { RegisterWebhookHandler, RemoveWebhookHandler } from './webhooks/register-webhook.handler';
import { WebhooksController } from './webhooks/webhooks.controller';

/**
 * Notifications out (通知): who is told of what, through the console's live feed and the webhooks of SMS
 * and voice gateways; the deliveries' sender. Runs where the escalator runs (and in the single node).
 */
@Module({
  providers: [
    LiveFeedChannel,
    WebhookChannel,
    {
      provide: NOTIFICATION_CHANNELS,
      useFactory: (live: LiveFeedChannel, webhook: WebhookChannel) => [live, webhook],
      inject: [LiveFeedChannel, WebhookChannel],
    },
    NotifyPeople,
    WebhookSender,
  ],
})
export class NotifyModule {}

/** The webhooks' API (registration, deliveries): served with the duty console. */
@Module({
  imports: [AuthModule],
  controllers: [WebhooksController],
  providers: [RegisterWebhookHandler, RemoveWebhookHandler],
})
export class WebhooksApiModule {}
