import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Request } from 'express';
import { AlarmSourceEntity, digestApiKey } from '@erp/persistence';
import { RequestRejected } from '@erp/platform';

export interface AuthenticatedSource {
  id: string;
  name: string;
}

export type SourceRequest = Request & { alarmSource: AuthenticatedSource };

/** Alarm sources authenticate with `X-Api-Key`; only its digest is stored. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly dataSource: DataSource) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<SourceRequest>();
    const key = req.header('x-api-key');
    if (!key) throw new RequestRejected(401, 'AUTH.API_KEY_MISSING', '缺少 X-Api-Key header');
    const source = await this.dataSource
      .getRepository(AlarmSourceEntity)
      .findOneBy({ keyDigest: digestApiKey(key) });
    if (!source) throw new RequestRejected(401, 'AUTH.API_KEY_INVALID', '无效的 API key / unknown API key');
    req.alarmSource = { id: source.id, name: source.name };
    return true;
  }
}
