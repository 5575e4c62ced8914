import { Body, Controller, Param, Put, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { USER_ROLES } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { AccountView, ChangeUserRoleCommand } from './change-user-role.command';

const RoleBody = z.strictObject({
  role: z.enum(USER_ROLES).meta({
    description: 'duty_officer 值班员, commander 指挥长, auditor 审计员, administrator 管理员',
  }),
});

/** 账号: the people who sign in. Accounts open with their unit's members; their roles are managed here. */
@Controller('api/v1/users')
@UseGuards(SignedInGuard)
export class UsersController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':userName/role')
  @ApiDoc({
    summary: "更改账号角色 set an account's role (the commander or an administrator)",
    description:
      'Members get accounts as duty officers of their unit; this makes one a commander, an auditor or an administrator. Recorded as UserRoleChanged with who and when; nobody changes their own role.',
    body: RoleBody,
    success: { description: 'the account: `{userName, displayName, role, unitId}`' },
    errors: {
      403: 'USER.NOT_ALLOWED: the commander or an administrator only',
      404: 'USER.NOT_FOUND: no account in service by that name',
      409: 'USER.OWN_ROLE',
    },
  })
  async setRole(
    @Req() req: UserRequest,
    @Param('userName') userName: string,
    @Body() body: unknown,
  ): Promise<AccountView> {
    const { role } = parseBody(RoleBody, body);
    return this.commands.execute(new ChangeUserRoleCommand(userName, role, req.user));
  }
}
