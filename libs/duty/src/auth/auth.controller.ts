import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppConfig, requireJwtSecret } from '@erp/config';
import { UserEntity, verifyPassword } from '@erp/persistence';
import { APP_CONFIG, parseBody, RequestRejected } from '@erp/platform';
import { signAccessToken, UserRole } from './access-token';

const LoginSchema = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

@Controller('api/v1/auth')
export class AuthController {
  private readonly secret: string;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secret = requireJwtSecret(config);
  }

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: unknown) {
    const { username, password } = parseBody(LoginSchema, body);
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username });
    // Same answer for an unknown user and a wrong password, so usernames cannot be probed.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new RequestRejected(
        401,
        'AUTH.INVALID_CREDENTIALS',
        '用户名或密码错误 wrong username or password',
      );
    }
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
}
