import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, DomainError, requireStructureAdministrator, UnitOfWork } from '@erp/domain';
import { CLOCK } from '@erp/platform';
import { userCausation } from '@erp/auth';
import { AccountView, ChangeUserRoleCommand } from './change-user-role.command';

/**
 * Accounts open as duty officers of their unit (members added or imported); this is how a district started
 * empty gets its commander and auditors. The role changes and UserRoleChanged is recorded in one
 * transaction, with who and when. Nobody changes their own role: an administrator cannot lock the last
 * administrator out by mistake, nor a commander step down unseen.
 */
@CommandHandler(ChangeUserRoleCommand)
export class ChangeUserRoleHandler implements ICommandHandler<ChangeUserRoleCommand, AccountView> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ userName, role, user }: ChangeUserRoleCommand): Promise<AccountView> {
    requireStructureAdministrator(user, 'USER.NOT_ALLOWED', "更改账号角色 change an account's role");
    if (userName === user.username) {
      throw new DomainError(
        'USER.OWN_ROLE',
        'conflict',
        '不能更改自己的角色 nobody changes their own role: ask the commander or another administrator',
      );
    }
    return this.unitOfWork.run(async (tx) => {
      const [account] = await tx.users.accounts([userName]);
      if (!account || account.retiredAt) {
        throw new DomainError(
          'USER.NOT_FOUND',
          'not_found',
          `无此在用账号 no account in service "${userName}"`,
          {
            userName,
          },
        );
      }
      if (account.role !== role) {
        await tx.users.setRole(userName, role);
        await tx.record(
          [{ type: 'UserRoleChanged', payload: { userName, from: account.role, to: role } }],
          userCausation(user, userName),
          this.clock.now(),
        );
      }
      return { userName, displayName: account.displayName, role, unitId: account.unitId };
    });
  }
}
