import type { SignedInUser } from '@erp/auth';

export class RegisterWebhookCommand {
  constructor(
    readonly body: unknown,
    readonly user: SignedInUser,
  ) {}
}

export class RemoveWebhookCommand {
  constructor(
    readonly webhookId: string,
    readonly user: SignedInUser,
  ) {}
}
