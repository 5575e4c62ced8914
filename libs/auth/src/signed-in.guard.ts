import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig, requireJwtSecret } from '@erp/config';
import { APP_CONFIG, ApiSecurity, RequestRejected } from '@erp/platform';
import { SignedInUser, verifyAccessToken } from './access-token';

export type UserRequest = Request & { user: SignedInUser };

/** Every console route needs a valid Bearer token. */
@Injectable()
@ApiSecurity('bearerAuth')
export class SignedInGuard implements CanActivate {
  private readonly secret: string;

  /** Fails start-up, naming JWT_SECRET, when there is no secret to check tokens with. */
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secret = requireJwtSecret(config);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<UserRequest>();
    const header = req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new RequestRejected(401, 'AUTH.TOKEN_MISSING', '请先登录 send Authorization: Bearer <token>');
    const user = verifyAccessToken(match[1], this.secret);
    if (!user)
      throw new RequestRejected(401, 'AUTH.TOKEN_INVALID', '令牌无效或已过期 token invalid or expired');
    req.user = user;
    return true;
  }
}
