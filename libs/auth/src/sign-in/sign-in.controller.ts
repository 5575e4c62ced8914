import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppConfig, requireJwtSecret } from '@erp/config';
import { hashPassword, isOneTimeHash, ReadStore, UserRecord, verifyPassword } from '@erp/domain';
import { APP_CONFIG, ApiDoc, parseBody, RequestRejected } from '@erp/platform';
import { signAccessToken, UserRole } from '../access-token';
import { LoginThrottle } from './login-throttle';

const LoginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

@Controller('api/v1/auth')
export class SignInController {
  private readonly secret: string;
  /**
   * What an unknown user's password is checked against: a real scrypt hash of a random password, so an
   * unknown name costs the same as a known one and the timing does not tell which names exist.
   */
  private readonly dummyHash = hashPassword(randomBytes(24).toString('base64url'));

  constructor(
    private readonly store: ReadStore,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secret = requireJwtSecret(config);
  }

  @Post('login')
  @HttpCode(200)
  @ApiDoc({
    summary: '登录 sign in: an access token for the Bearer header',
    body: LoginSchema,
    success: {
      description:
        '`{accessToken, tokenType, expiresIn, unitId, role, mustChangePassword}`: `mustChangePassword` is true when the password used was a one-time password (an imported account, the first administrator), to be replaced at once through POST /api/v1/auth/password',
    },
    errors: {
      401: 'AUTH.INVALID_CREDENTIALS: wrong username or password',
      429: 'AUTH.TOO_MANY_ATTEMPTS, with Retry-After',
    },
  })
  async login(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const { username, password } = parseBody(LoginSchema, body);
    const attempt = await this.throttle.admitRequest(username, req, res);
    const user = await this.store.users.byUsername(username);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    // Same answer for an unknown user and a wrong password, so usernames cannot be probed.
    if (!user || !matches) {
      throw new RequestRejected(
        401,
        'AUTH.INVALID_CREDENTIALS',
        '用户名或密码错误 wrong username or password',
      );
    }
    await attempt.succeeded();
    // A one-time password stays one until its holder sets their own: every sign-in with it says so.
    const mustChangePassword = isOneTimeHash(user.passwordHash);
    await this.giveOwnSalt(user, password);
    const accessToken = signAccessToken(
      {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role as UserRole,
        unitId: user.unitId,
      },
      this.secret,
      this.config.jwtTtlSeconds,
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      unitId: user.unitId,
      role: user.role,
      mustChangePassword,
    };
  }

  /**
   * Databases seeded before each user had a salt of their own share one hash among all demo users; it still
   * verifies, and at a user's first sign-in since, their password is hashed again with a salt of their own.
   */
  private async giveOwnSalt(user: UserRecord, password: string): Promise<void> {
    // A one-time password's digest is kept (128 random bits need no scrypt) until the person replaces it.
    if (isOneTimeHash(user.passwordHash) || !(await this.store.users.isHashShared(user.passwordHash))) return;
    await this.store.users.replaceHash(user.id, user.passwordHash, await hashPassword(password));
  }
}
