import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { requireStructureAdministrator } from '@erp/domain';
import type { UserRequest } from '@erp/auth';

/**
 * The commander's and administrators' routes that take an upload: refused before the body is read, so nobody else can make the
 * server receive a file (after SignedInGuard, which puts the user on the request).
 */
@Injectable()
export class CommanderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    requireStructureAdministrator(
      context.switchToHttp().getRequest<UserRequest>().user,
      'UNIT.COMMANDER_ONLY',
      '导入导出 import or export the district',
    );
    return true;
  }
}
