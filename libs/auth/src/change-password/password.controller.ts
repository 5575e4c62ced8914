import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import {
  checkNewPassword,
  Clock,
  DomainError,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  ReadStore,
  UnitOfWork,
  verifyPassword,
} from '@erp/domain';
import { ApiDoc, CLOCK, parseBody, RequestRejected } from '@erp/platform';
import { LoginThrottle } from '../sign-in/login-throttle';
import { SignedInGuard, UserRequest } from '../signed-in.guard';
import { userCausation } from '../user-causation';

const PasswordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z
    .string()
    .min(1)
    .max(200)
    .meta({
      description: `at least ${MIN_PASSWORD_LENGTH} characters, not the user name, not the current password`,
    }),
});

/**
 * 修改密码: a person replaces their own password, the one-time one they were given first of all. The current
 * password is checked under the sign-in throttle (a stolen token cannot guess it any faster than the login
 * can); the new hash and UserPasswordChanged commit in one transaction.
 */
@Controller('api/v1/auth')
@UseGuards(SignedInGuard)
export class PasswordController {
  constructor(
    private readonly store: ReadStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly throttle: LoginThrottle,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('password')
  @HttpCode(204)
  @ApiDoc({
    summary: '修改密码 change your own password',
    description:
      'The current password is checked like a sign-in (the same throttle); the new one gets a salt of its own. Recorded as UserPasswordChanged (whose and by whom, never the password). Tokens already issued stay valid until they expire.',
    body: PasswordChangeSchema,
    success: { description: 'changed: nothing to answer' },
    errors: {
      400: 'REQUEST.INVALID, or PASSWORD.WEAK listing every broken rule at /newPassword',
      401: 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID, or AUTH.INVALID_CREDENTIALS: wrong current password',
      409: 'PASSWORD.CHANGED_MEANWHILE: the password changed since it was checked',
      429: 'AUTH.TOO_MANY_ATTEMPTS, with Retry-After',
    },
  })
  async change(
    @Req() req: UserRequest,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
  ): Promise<void> {
    const { currentPassword, newPassword } = parseBody(PasswordChangeSchema, body);
    const attempt = await this.throttle.admitRequest(req.user.username, req, res);
    const user = await this.store.users.byUsername(req.user.username);
    // A retired account's hash matches nothing, so its still-valid token changes nothing either.
    if (!user || user.id !== req.user.userId || !(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new RequestRejected(401, 'AUTH.INVALID_CREDENTIALS', '当前密码错误 wrong current password');
    }
    await attempt.succeeded();
    checkNewPassword({ username: user.username, currentPassword, newPassword });
    const hash = await hashPassword(newPassword);
    await this.unitOfWork.run(async (tx) => {
      // Only over the hash just verified: a change made meanwhile (another tab) is not silently overwritten.
      if (!(await tx.users.replaceHash(user.id, user.passwordHash, hash))) {
        throw new DomainError(
          'PASSWORD.CHANGED_MEANWHILE',
          'conflict',
          '密码已被修改，请重新输入当前密码 the password changed meanwhile: enter the current one again',
        );
      }
      await tx.record(
        [{ type: 'UserPasswordChanged', payload: { userName: user.username, changedBy: req.user.username } }],
        userCausation(req.user, user.username),
        this.clock.now(),
      );
    });
  }
}
