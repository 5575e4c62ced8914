import type { SignedInUser } from '@erp/auth';
import {
  DomainError,
  mayAdministerStructure,
  readsEverything,
  requireStructureAdministrator,
} from '@erp/domain';

/**
 * Webhooks reach people's phones (SMS and voice gateways): configuring them is keeping the district's
 * data, so the commander or an administrator registers and removes them.
 */
export function requireWebhookAdministrator(user: SignedInUser): void {
  requireStructureAdministrator(user, 'WEBHOOK.COMMANDER_ONLY', '管理 Webhook manage webhooks');
}

/** Who reads everything (the commander, the auditor) and who manages webhooks read them and their deliveries. */
export function requireReader(user: SignedInUser): void {
  if (!readsEverything(user) && !mayAdministerStructure(user)) {
    throw new DomainError(
      'WEBHOOK.NOT_ALLOWED',
      'forbidden',
      '无权查看 Webhook only the commander, the auditor and administrators read webhooks',
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
