import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { UserRequest } from '@erp/auth';
import { commanderOnly } from './command-access';

/**
 * The commander's routes that take an upload: refused before the body is read, so nobody else can make the
 * server receive a file (after SignedInGuard, which puts the user on the request).
 */
@Injectable()
export class CommanderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    commanderOnly(
      context.switchToHttp().getRequest<UserRequest>().user,
      '导入导出 import or export the district',
    );
    return true;
  }
}
