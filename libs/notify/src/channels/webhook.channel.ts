import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, NewDelivery, Notification, NotificationChannel, Transaction, webhookBody } from '@erp/domain';
import { CLOCK } from '@erp/platform';

/**
 * SMS and voice gateways: one delivery per subscribed webhook, queued in PostgreSQL with the notification
 * (the sender signs and sends it, and retries it with backoff). A replayed event queues nothing new.
 */
@Injectable()
export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook';

  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  async hand(notifications: readonly Notification[], tx: Transaction): Promise<void> {
    if (!notifications.length) return;
    const subscribers = await tx.webhooks.subscribers([...new Set(notifications.map((n) => n.event))]);
    const now = this.clock.now();
    const deliveries: NewDelivery[] = notifications.flatMap((n) =>
      (subscribers.get(n.event) ?? []).map((webhookId) => {
        const id = randomUUID();
        return {
          id,
          webhookId,
          eventId: n.id,
          event: n.event,
          incidentId: n.incidentId,
          body: webhookBody(n, id),
          createdAt: now,
        };
      }),
    );
    await tx.webhooks.enqueue(deliveries);
  }
}
