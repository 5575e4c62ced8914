import { EntityManager } from 'typeorm';
import type {
  DeliveryAttempt,
  DeliveryRecord,
  DeliveryStatus,
  DueDelivery,
  NewDelivery,
  WebhookRecord,
} from '@erp/domain';
import { preparedQuery } from '../prepared-query';

interface WebhookRow {
  id: string;
  url: string;
  events: string[];
  created_at: Date;
  created_by: string;
}

const webhookOf = (r: WebhookRow): WebhookRecord => ({
  id: r.id,
  url: r.url,
  events: r.events,
  createdAt: new Date(r.created_at),
  createdBy: r.created_by,
});

/** Webhooks and their deliveries; the deliveries table is the queue (claims skip rows others hold). */
export const WebhookRepository = {
  async add(m: EntityManager, w: WebhookRecord & { secret: string }): Promise<void> {
    await m.query(
      `INSERT INTO webhooks (id, url, events, secret, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [w.id, w.url, w.events, w.secret, w.createdAt, w.createdBy],
    );
  },

  async list(m: EntityManager): Promise<WebhookRecord[]> {
    const rows: WebhookRow[] = await m.query(
      `SELECT id, url, events, created_at, created_by FROM webhooks WHERE removed_at IS NULL ORDER BY created_at, id`,
    );
    return rows.map(webhookOf);
  },

  async get(m: EntityManager, id: string): Promise<WebhookRecord | null> {
    const rows: WebhookRow[] = await m.query(
      `SELECT id, url, events, created_at, created_by FROM webhooks WHERE id = $1 AND removed_at IS NULL`,
      [id],
    );
    return rows.length ? webhookOf(rows[0]) : null;
  },

  async remove(m: EntityManager, id: string, at: Date): Promise<boolean> {
    const rows = await m.query(
      `WITH gone AS (UPDATE webhooks SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL RETURNING id),
            stopped AS (UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL
                         WHERE webhook_id IN (SELECT id FROM gone) AND status = 'pending')
       SELECT id FROM gone`,
      [id, at],
    );
    return rows.length > 0;
  },

  async subscribers(m: EntityManager, events: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await preparedQuery<{ event: string; ids: string[] }>(
      m,
      `SELECT e AS event, array_agg(w.id ORDER BY w.created_at, w.id) AS ids
         FROM webhooks w, unnest(w.events) AS e
        WHERE w.removed_at IS NULL AND e = ANY($1::text[])
        GROUP BY e`,
      [events],
    );
    return new Map(rows.map((r) => [r.event, r.ids]));
  },

  async enqueue(m: EntityManager, deliveries: readonly NewDelivery[]): Promise<NewDelivery[]> {
    if (!deliveries.length) return [];
    const rows = await preparedQuery<{ id: string }>(
      m,
      `INSERT INTO webhook_deliveries (id, webhook_id, event_id, event, incident_id, body, status, next_attempt_at, created_at)
       SELECT a, b, c, d, e, f, 'pending', g, g
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::timestamptz[])
           AS u(a, b, c, d, e, f, g)
       ORDER BY b, c
       ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
      [
        deliveries.map((d) => d.id),
        deliveries.map((d) => d.webhookId),
        deliveries.map((d) => d.eventId),
        deliveries.map((d) => d.event),
        deliveries.map((d) => d.incidentId),
        deliveries.map((d) => d.body),
        deliveries.map((d) => d.createdAt),
      ],
    );
    const added = new Set(rows.map((r) => r.id));
    return deliveries.filter((d) => added.has(d.id));
  },

  async claimDue(m: EntityManager, now: Date, limit: number, leaseUntil: Date): Promise<DueDelivery[]> {
    const rows = await preparedQuery<{
      id: string;
      webhook_id: string;
      event_id: string;
      event: string;
      incident_id: string | null;
      body: string;
      attempts: number;
      url: string;
      secret: string;
    }>(
      m,
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE webhook_deliveries d SET next_attempt_at = $3
         FROM due, webhooks w
        WHERE d.id = due.id AND w.id = d.webhook_id AND w.removed_at IS NULL
       RETURNING d.id, d.webhook_id, d.event_id, d.event, d.incident_id, d.body, d.attempts, w.url, w.secret`,
      [now, limit, leaseUntil],
    );
    return rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      eventId: r.event_id,
      event: r.event,
      incidentId: r.incident_id,
      body: r.body,
      attempts: r.attempts,
      url: r.url,
      secret: r.secret,
    }));
  },

  async settle(
    m: EntityManager,
    id: string,
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt: Date | null },
  ): Promise<boolean> {
    const rows = await preparedQuery(
      m,
      `UPDATE webhook_deliveries
          SET attempts = attempts + 1, status = $2, next_attempt_at = $3, last_status_code = $4,
              last_error = $5, attempt_log = attempt_log || jsonb_build_array($6::jsonb),
              delivered_at = CASE WHEN $2 = 'delivered' THEN $7::timestamptz ELSE delivered_at END
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [
        id,
        next.status,
        next.nextAttemptAt,
        attempt.statusCode,
        attempt.error,
        JSON.stringify(attempt),
        new Date(attempt.at),
      ],
    );
    return rows.length > 0;
  },

  async deliveries(m: EntityManager, webhookId: string, limit: number): Promise<DeliveryRecord[]> {
    const rows: {
      id: string;
      webhook_id: string;
      event_id: string;
      event: string;
      incident_id: string | null;
      status: DeliveryStatus;
      attempts: number;
      next_attempt_at: Date | null;
      last_status_code: number | null;
      last_error: string | null;
      created_at: Date;
      delivered_at: Date | null;
      attempt_log: DeliveryAttempt[];
    }[] = await m.query(
      `SELECT id, webhook_id, event_id, event, incident_id, status, attempts, next_attempt_at, last_status_code,
              last_error, created_at, delivered_at, attempt_log
         FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
      [webhookId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      eventId: r.event_id,
      event: r.event,
      incidentId: r.incident_id,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at) : null,
      lastStatusCode: r.last_status_code,
      lastError: r.last_error,
      createdAt: new Date(r.created_at),
      deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
      attemptLog: r.attempt_log,
    }));
  },
};
