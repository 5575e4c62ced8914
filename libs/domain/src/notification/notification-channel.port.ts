import type { Transaction } from '../shared/unit-of-work.port';
import type { Notification } from './notification';

/**
 * A way people are told (the console's live feed, an SMS or voice gateway's webhook). A channel takes
 * notifications inside the transaction that marks their events as taken, so a hand-over is durable
 * exactly when the event counts as handled: a channel queues, it never sends from here.
 */
export interface NotificationChannel {
  readonly name: string;
  hand(notifications: readonly Notification[], tx: Transaction): Promise<void>;
}
