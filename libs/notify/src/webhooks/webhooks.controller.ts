import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { z } from 'zod';
import {
  DeliveryRecord,
  notifiableEvents,
  ReadStore,
  WebhookRecord,
  WebhookRegistrationSchema,
} from '@erp/domain';
import { ApiDoc, parseBody } from '@erp/platform';
import { RegisterWebhookCommand, RemoveWebhookCommand } from './register-webhook.command';
import { requireReader, unknownWebhook, webhookIdOf } from './webhook-access';

interface WebhookView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  createdBy: string;
}

const DeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() });

const view = (w: WebhookRecord): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events,
  createdAt: w.createdAt.toISOString(),
  createdBy: w.createdBy,
});

/**
 * Outbound webhooks for SMS and voice gateways (短信/语音网关): the commander registers and removes them; the
 * commander and the auditor read them and every delivery. The secret is never shown again.
 */
@Controller('api/v1/webhooks')
@UseGuards(SignedInGuard)
export class WebhooksController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary: '登记通知网关 register a webhook (SMS or voice gateway)',
    description:
      'Every delivery is `POST <url>` signed `X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>` with the ' +
      'secret, carrying `X-Event-Id` (also `eventId` in the body) to de-duplicate by. Checked whole: 400 ' +
      'WEBHOOK.INVALID lists every error.',
    body: WebhookRegistrationSchema,
    success: { description: 'the webhook (never its secret)' },
    errors: { 403: 'WEBHOOK.COMMANDER_ONLY' },
  })
  async register(@Req() req: UserRequest, @Body() body: unknown): Promise<WebhookView> {
    return view(await this.commands.execute(new RegisterWebhookCommand(body ?? null, req.user)));
  }

  @Get()
  @ApiDoc({
    summary: '通知网关 the webhooks, and the events they may subscribe to',
    errors: { 403: 'WEBHOOK.NOT_ALLOWED: commander and auditor only' },
  })
  async list(@Req() req: UserRequest): Promise<{ webhooks: WebhookView[]; events: string[] }> {
    requireReader(req.user);
    return { webhooks: (await this.store.webhooks.list()).map(view), events: notifiableEvents() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiDoc({
    summary: '移除通知网关 remove a webhook: its pending deliveries are cancelled, its record kept',
    errors: { 403: 'WEBHOOK.COMMANDER_ONLY', 404: 'WEBHOOK.NOT_FOUND' },
  })
  async remove(@Req() req: UserRequest, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RemoveWebhookCommand(id, req.user));
  }

  /** Newest first: each delivery with its status, attempts (every one: when, status code, error) and times. */
  @Get(':id/deliveries')
  @ApiDoc({
    summary: "投递记录 a webhook's deliveries, newest first, with every attempt",
    query: DeliveriesQuery,
    errors: { 403: 'WEBHOOK.NOT_ALLOWED', 404: 'WEBHOOK.NOT_FOUND' },
  })
  async deliveries(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Query('limit') limit?: string,
  ): Promise<{
    webhook: WebhookView;
    deliveries: (Omit<DeliveryRecord, 'createdAt' | 'deliveredAt' | 'nextAttemptAt'> & {
      createdAt: string;
      deliveredAt: string | null;
      nextAttemptAt: string | null;
    })[];
  }> {
    requireReader(req.user);
    const max = parseBody(DeliveriesQuery, { limit }).limit ?? 100;
    const webhook = await this.store.webhooks.get(webhookIdOf(id));
    if (!webhook) throw unknownWebhook(id);
    const deliveries = await this.store.webhooks.deliveries(webhook.id, max);
    return {
      webhook: view(webhook),
      deliveries: deliveries.map((d) => ({
        ...d,
        createdAt: d.createdAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
      })),
    };
  }
}
