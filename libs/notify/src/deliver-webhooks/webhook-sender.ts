import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '@erp/config';
import {
  Clock,
  DeliveryAttempt,
  DueDelivery,
  ReadStore,
  retryDelayMs,
  UnitOfWork,
  urlOrigin,
  warningOfWebhookBody,
  webhookSignature,
} from '@erp/domain';
import { APP_CONFIG, CLOCK } from '@erp/platform';
import { NOTIFIER } from '../notify-people/notifier-actor';

/** Deliveries claimed per sweep; a full sweep is followed by another at once. */
const SWEEP_SIZE = 50;

export type AttemptOutcome = 'delivered' | 'retry' | 'failed';

/**
 * Sends queued webhook deliveries: each signed (`X-Signature-256: sha256=<HMAC of the raw body>`) and
 * carrying the notification's event id (header and body), retried with doubling waits until it is taken
 * (2xx) or its attempts run out, every attempt recorded. A claim holds a delivery for a lease longer than
 * an attempt, so an instance that dies mid-attempt hands it back to the next sweep (at least once: the
 * event id lets the gateway drop a repeat). The end of each delivery goes into the incident's (or warning's)
 * timeline.
 */
@Injectable()
export class WebhookSender implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(WebhookSender.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Sweeps failed in a row (the database is down): the next waits longer, so the log is not flooded. */
  private failures = 0;

  constructor(
    private readonly store: ReadStore,
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.next(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running.catch(() => undefined);
  }

  private next(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep()
        .then((claimed) => {
          this.failures = 0;
          this.next(claimed >= SWEEP_SIZE ? 0 : this.config.webhooks.pollMs);
        })
        .catch((e) => {
          this.failures++;
          if (this.failures === 1 || this.failures % 20 === 0) {
            this.logger.warn(
              `Webhook 投递扫描失败 delivery sweep failed (${this.failures} in a row): ${(e as Error).message}`,
            );
          }
          this.next(Math.min(30_000, this.config.webhooks.pollMs * 2 ** Math.min(this.failures, 10)));
        });
    }, delayMs);
    this.timer.unref();
  }

  /** Claims the deliveries due now and attempts each; answers how many were claimed. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + 2 * this.config.webhooks.timeoutMs + 5_000);
    const due = await this.store.webhooks.claimDue(now, SWEEP_SIZE, lease);
    await Promise.all(due.map((d) => this.attempt(d)));
    return due.length;
  }

  private async attempt(d: DueDelivery): Promise<AttemptOutcome> {
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'erp-notify/1',
          'x-signature-256': webhookSignature(d.body, d.secret),
          'x-event-id': d.eventId,
          'x-event-type': d.event,
          'x-delivery-id': d.id,
          'x-delivery-attempt': String(d.attempts + 1),
        },
        body: d.body,
        // A redirect is not a delivery: the signature was made for this receiver.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
      });
      statusCode = res.status;
      await res.body?.cancel().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'timeout' : ((e as Error).message ?? String(e));
    }
    const attempt: DeliveryAttempt = {
      at: this.clock.now().toISOString(),
      statusCode,
      error,
      ms: Date.now() - started,
    };
    const attempts = d.attempts + 1;
    const outcome: AttemptOutcome =
      error === null ? 'delivered' : attempts >= this.config.webhooks.maxAttempts ? 'failed' : 'retry';
    await this.unitOfWork.run(async (tx) => {
      const settled = await tx.webhooks.settle(d.id, attempt, {
        status: outcome === 'retry' ? 'pending' : outcome,
        nextAttemptAt:
          outcome === 'retry'
            ? new Date(this.clock.now().getTime() + retryDelayMs(attempts, this.config.webhooks.retryBaseMs))
            : null,
      });
      if (!settled || outcome === 'retry') return;
      const warningId = warningOfWebhookBody(d.body);
      const ref = {
        notificationId: d.eventId,
        incidentId: d.incidentId,
        ...(warningId ? { warningId } : {}),
        event: d.event,
        deliveryId: d.id,
        webhookId: d.webhookId,
        origin: urlOrigin(d.url),
        attempts,
        statusCode,
      };
      await tx.record(
        [
          outcome === 'delivered'
            ? { type: 'NotificationDelivered', payload: ref }
            : { type: 'NotificationDeliveryFailed', payload: { ...ref, reason: error ?? 'unknown' } },
        ],
        { actor: NOTIFIER, correlationId: d.eventId, causationId: d.eventId },
      );
    });
    if (outcome !== 'delivered') {
      this.logger.warn(
        `Webhook 投递失败 delivery ${d.id} to ${urlOrigin(d.url)} attempt ${attempts}: ${error}${outcome === 'failed' ? ' (given up)' : ''}`,
      );
    }
    return outcome;
  }
}
