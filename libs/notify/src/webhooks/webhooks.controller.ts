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

const LIMIT = 'an integer from 1 to 1000';
const DeliveriesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: LIMIT })
    .int(LIMIT)
    .min(1, LIMIT)
    .max(1000, LIMIT)
    .default(100)
    .meta({ description: 'how many deliveries, newest first' }),
});

const READERS_ONLY = 'WEBHOOK.NOT_ALLOWED: the commander, the auditor and administrators only';

const view = (w: WebhookRecord): WebhookView => ({
  id: w.id,
  url: w.url,
  events: w.events,
  createdAt: w.createdAt.toISOString(),
  createdBy: w.createdBy,
});

/**
 * Outbound webhooks for SMS and voice gateways (短信/语音网关): the commander or an administrator registers
 * and removes them; they and the auditor read them and every delivery. The secret is never shown again.
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
    summary: '登记 Webhook register an SMS or voice gateway for some events',
    description:
      'Every error at once, each named by a JSON pointer. Each delivery is signed with the secret ' +
      '(`X-Signature-256: sha256=<hex HMAC>`), which is never shown again.',
    body: WebhookRegistrationSchema,
    success: { description: 'the webhook, without its secret' },
    errors: { 400: 'WEBHOOK.INVALID: every error', 403: 'WEBHOOK.COMMANDER_ONLY' },
  })
  async register(@Req() req: UserRequest, @Body() body: unknown): Promise<WebhookView> {
    return view(await this.commands.execute(new RegisterWebhookCommand(body ?? null, req.user)));
  }

  @Get()
  @ApiDoc({
    summary: 'Webhook 列表 the registered webhooks and the events one may subscribe to',
    errors: { 403: READERS_ONLY },
  })
  async list(@Req() req: UserRequest): Promise<{ webhooks: WebhookView[]; events: string[] }> {
    requireReader(req.user);
    return { webhooks: (await this.store.webhooks.list()).map(view), events: notifiableEvents() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiDoc({
    summary: '删除 Webhook remove a webhook; nothing more is delivered to it',
    success: { description: 'removed' },
    errors: { 403: 'WEBHOOK.COMMANDER_ONLY', 404: 'WEBHOOK.NOT_FOUND' },
  })
  async remove(@Req() req: UserRequest, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RemoveWebhookCommand(id, req.user));
  }

  /** Newest first: each delivery with its status, attempts (every one: when, status code, error) and times. */
  @Get(':id/deliveries')
  @ApiDoc({
    summary: "投递记录 a webhook's deliveries, newest first, with every attempt",
    query: DeliveriesQuerySchema,
    errors: { 403: READERS_ONLY, 404: 'WEBHOOK.NOT_FOUND' },
  })
  async deliveries(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Query() query: unknown,
  ): Promise<{
    webhook: WebhookView;
    deliveries: (Omit<DeliveryRecord, 'createdAt' | 'deliveredAt' | 'nextAttemptAt'> & {
      createdAt: string;
      deliveredAt: string | null;
      nextAttemptAt: string | null;
    })[];
  }> {
    requireReader(req.user);
    const { limit } = parseBody(DeliveriesQuerySchema, query);
    const webhook = await this.store.webhooks.get(webhookIdOf(id));
    if (!webhook) throw unknownWebhook(id);
    const deliveries = await this.store.webhooks.deliveries(webhook.id, limit);
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
