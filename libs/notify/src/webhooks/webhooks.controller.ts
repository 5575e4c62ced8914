import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { DeliveryRecord, notifiableEvents, ReadStore, WebhookRecord } from '@erp/domain';
import { ApiDoc, RequestRejected } from '@erp/platform';
import { RegisterWebhookCommand, RemoveWebhookCommand } from './register-webhook.command';
import { requireReader, unknownWebhook, webhookIdOf } from './webhook-access';

interface WebhookView {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  createdBy: string;
}

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
  @ApiDoc({ summary: '登记回调 register a webhook' })
  @HttpCode(201)
  async register(@Req() req: UserRequest, @Body() body: unknown): Promise<WebhookView> {
    return view(await this.commands.execute(new RegisterWebhookCommand(body ?? null, req.user)));
  }

  @Get()
  @ApiDoc({ summary: '回调列表 the webhooks' })
  async list(@Req() req: UserRequest): Promise<{ webhooks: WebhookView[]; events: string[] }> {
    requireReader(req.user);
    return { webhooks: (await this.store.webhooks.list()).map(view), events: notifiableEvents() };
  }

  @Delete(':id')
  @ApiDoc({ summary: '删除回调 remove a webhook' })
  @HttpCode(204)
  async remove(@Req() req: UserRequest, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RemoveWebhookCommand(id, req.user));
  }

  /** Newest first: each delivery with its status, attempts (every one: when, status code, error) and times. */
  @Get(':id/deliveries')
  @ApiDoc({ summary: "投递记录 a webhook's deliveries, newest first" })
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
    const max = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      throw new RequestRejected(400, 'REQUEST.INVALID', 'limit 须为 1–1000 limit must be 1 to 1000', [
        { pointer: '/limit', message: 'an integer from 1 to 1000' },
      ]);
    }
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
