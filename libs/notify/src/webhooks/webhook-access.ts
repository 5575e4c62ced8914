import type { SignedInUser } from '@erp/auth';
import { DomainError } from '@erp/domain';

/** Webhooks reach people's phones: the commander alone registers and removes them. */
export function requireCommander(user: SignedInUser): void {
  if (user.role !== 'commander') {
    throw new DomainError(
      'WEBHOOK.COMMANDER_ONLY',
      'forbidden',
      '只有指挥长可以管理 Webhook only the commander manages webhooks',
    );
  }
}

/** The commander and the auditor read webhooks and their deliveries. */
export function requireReader(user: SignedInUser): void {
  if (user.role !== 'commander' && user.role !== 'auditor') {
    throw new DomainError(
      'WEBHOOK.NOT_ALLOWED',
      'forbidden',
      '无权查看 Webhook only the commander and the auditor read webhooks',
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function unknownWebhook(id: string): DomainError {
  return new DomainError('WEBHOOK.NOT_FOUND', 'not_found', `无此 Webhook no webhook ${JSON.stringify(id)}`);
}

/** A webhook id as the API takes it: anything else is a webhook that does not exist. */
export function webhookIdOf(id: string): string {
  if (!UUID.test(id)) throw unknownWebhook(id);
  return id.toLowerCase();
}
