import { Injectable } from '@nestjs/common';
import { Notification, NotificationChannel, Transaction } from '@erp/domain';
import { NOTIFIER } from '../notify-people/notifier-actor';

/**
 * The console's live feed: each notification becomes a NotificationIssued event, which the console streams
 * to the officers of the units told (and the commander), and which the audit puts in the incident's or the
 * warning's timeline.
 */
@Injectable()
export class LiveFeedChannel implements NotificationChannel {
  readonly name = 'live';

  async hand(notifications: readonly Notification[], tx: Transaction): Promise<void> {
    for (const n of notifications) {
      await tx.record(
        [
          {
            type: 'NotificationIssued',
            payload: {
              notificationId: n.id,
              incidentId: n.incidentId,
              ...(n.warningId ? { warningId: n.warningId } : {}),
              event: n.event,
              text: n.text,
              recipients: n.recipients,
              unitIds: [...new Set(n.recipients.map((r) => r.unitId))],
            },
          },
        ],
        { actor: NOTIFIER, correlationId: n.correlationId ?? n.id, causationId: n.id },
      );
    }
  }
}
