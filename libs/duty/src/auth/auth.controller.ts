import { randomBytes } from 'node:crypto';
import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppConfig, requireJwtSecret } from '@erp/config';
import { hashPassword, UserEntity, verifyPassword } from '@erp/persistence';
import { APP_CONFIG, parseBody, RequestRejected } from '@erp/platform';
import { signAccessToken, UserRole } from './access-token';
import { LoginThrottle, TooManyAttempts } from './login-throttle';

const LoginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

@Controller('api/v1/auth')
export class AuthController {
  private readonly secret: string;
  /**
   * What an unknown user's password is checked against: a real scrypt hash of a random password, so an
   * unknown name costs the same ~45 ms as a known one and the timing does not tell which names exist.
   */
  private readonly dummyHash = hashPassword(randomBytes(24).toString('base64url'));

  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: LoginThrottle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secret = requireJwtSecret(config);
  }

  @Post('login')
  @HttpCode(200)
  async login(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown) {
    const { username, password } = parseBody(LoginSchema, body);
    let attempt;
    try {
      attempt = await this.throttle.admit(username, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    } catch (e) {
      if (e instanceof TooManyAttempts) res.setHeader('Retry-After', String(e.retryAfterSeconds));
      throw e;
    }
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username });
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
    };
  }

  /**
   * Databases seeded before each user had a salt of their own share one hash among all demo users; it still
   * verifies, and at a user's first sign-in since, their password is hashed again with a salt of their own.
   */
  private async giveOwnSalt(user: UserEntity, password: string): Promise<void> {
    const [{ shared }]: { shared: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE password_hash = $1 AND id <> $2) AS shared`,
      [user.passwordHash, user.id],
    );
    if (!shared) return;
    await this.dataSource.query(`UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3`, [
      await hashPassword(password),
      user.id,
      user.passwordHash,
    ]);
  }
}
