import { Command } from '@nestjs/cqrs';
import type { SignedInUser } from '@erp/auth';
import type { UserRole } from '@erp/domain';

/** 更改账号角色: the commander or an administrator gives an account in service another role. */
export class ChangeUserRoleCommand extends Command<AccountView> {
  constructor(
    readonly userName: string,
    readonly role: UserRole,
    readonly user: SignedInUser,
  ) {
    super();
  }
}

/** An account as the API shows it: never its password or hash. */
export interface AccountView {
  userName: string;
  displayName: string;
  role: string;
  unitId: string | null;
}
