import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { userCausation } from '@erp/auth';
import { Clock, UnitOfWork, urlOrigin, validateWebhookRegistration, WebhookRecord } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { RegisterWebhookCommand, RemoveWebhookCommand } from './register-webhook.command';
import { requireWebhookAdministrator, unknownWebhook, webhookIdOf } from './webhook-access';

/**
 * Registers a webhook: the commander's, checked whole (every error at once), stored or not at all, and on
 * record (WebhookRegistered) with who did it.
 */
@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand, WebhookRecord> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ body, user }: RegisterWebhookCommand): Promise<WebhookRecord> {
    requireWebhookAdministrator(user);
    const registration = validateWebhookRegistration(body);
    const webhook: WebhookRecord = {
      id: randomUUID(),
      url: registration.url,
      events: registration.events,
      createdAt: this.clock.now(),
      createdBy: user.username,
    };
    await this.unitOfWork.run(async (tx) => {
      await tx.webhooks.add({ ...webhook, secret: registration.secret });
      await tx.record(
        [
          {
            type: 'WebhookRegistered',
            payload: { webhookId: webhook.id, origin: urlOrigin(webhook.url), events: webhook.events },
          },
        ],
        userCausation(user, webhook.id),
      );
    });
    return webhook;
  }
}

/** Removes a webhook: nothing more is sent to it; what was delivered stays on record. */
@CommandHandler(RemoveWebhookCommand)
export class RemoveWebhookHandler implements ICommandHandler<RemoveWebhookCommand, void> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ webhookId, user }: RemoveWebhookCommand): Promise<void> {
    requireWebhookAdministrator(user);
    const id = webhookIdOf(webhookId);
    const removed = await this.unitOfWork.run(async (tx) => {
      const webhook = await tx.webhooks.get(id);
      if (!webhook || !(await tx.webhooks.remove(id, this.clock.now()))) return false;
      await tx.record(
        [{ type: 'WebhookRemoved', payload: { webhookId: id, origin: urlOrigin(webhook.url) } }],
        userCausation(user, id),
      );
      return true;
    });
    if (!removed) throw unknownWebhook(webhookId);
  }
}
