/** A registered webhook, as stored (its secret is never shown). */
export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  createdAt: Date;
  createdBy: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** One try at handing a delivery to its receiver. */
export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  ms: number;
}

export interface NewDelivery {
  id: string;
  webhookId: string;
  /** The notification's id (the event told of): one delivery per webhook and event, whatever is replayed. */
  eventId: string;
  event: string;
  incidentId: string | null;
  /** The exact bytes signed and sent, on every attempt. */
  body: string;
  createdAt: Date;
}

export interface DeliveryRecord {
  id: string;
  webhookId: string;
  eventId: string;
  event: string;
  incidentId: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  attemptLog: DeliveryAttempt[];
}

/** A delivery claimed for an attempt, with what sending it needs. */
export interface DueDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  event: string;
  incidentId: string | null;
  body: string;
  url: string;
  secret: string;
  attempts: number;
}

/**
 * Webhooks and their deliveries, on PostgreSQL: the deliveries table is their queue, so none is lost across
 * a restart and several instances share the work (claims skip rows another holds).
 */
export interface WebhookStore {
  add(webhook: WebhookRecord & { secret: string }): Promise<void>;
  /** Webhooks not removed, oldest first. */
  list(): Promise<WebhookRecord[]>;
  get(id: string): Promise<WebhookRecord | null>;
  /** Removes a webhook (its deliveries stay on record; pending ones are cancelled); false when unknown. */
  remove(id: string, at: Date): Promise<boolean>;
  /** Ids of the webhooks subscribed to each of these events. */
  subscribers(events: readonly string[]): Promise<Map<string, string[]>>;
  /** Queues deliveries due now; one per webhook and event id (a repeat is ignored). Answers those added. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<NewDelivery[]>;
  /** Claims up to `limit` due deliveries of live webhooks until `leaseUntil` (a crashed sender's come back). */
  claimDue(now: Date, limit: number, leaseUntil: Date): Promise<DueDelivery[]>;
  /**
   * Records an attempt and what follows: another at `nextAttemptAt`, or an end (delivered, failed). False
   * when the delivery was no longer pending (its webhook was removed meanwhile).
   */
  settle(
    id: string,
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt: Date | null },
  ): Promise<boolean>;
  /** A webhook's deliveries, newest first. */
  deliveries(webhookId: string, limit: number): Promise<DeliveryRecord[]>;
}
