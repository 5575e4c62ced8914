import { Controller, Get, Inject, OnModuleDestroy, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig, requireJwtSecret } from '@erp/config';
import { SignedInUser, verifyAccessToken } from '@erp/auth';
import { APP_CONFIG, ApiDoc, RequestRejected } from '@erp/platform';
import { maySee, Viewer } from '../audience/audience';
import { LiveFeed } from '../feed/live-feed';
import { LiveConnection } from './live-connection';
import { ReadStore } from '@erp/domain';
import jwt from 'jsonwebtoken';

/** setTimeout's longest delay (about 24.8 days); longer tokens are re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * GET /api/v1/stream: the changes the signed-in user may see, as Server-Sent Events. A browser's
 * EventSource cannot send headers, so this route alone also takes the token as `?access_token=`; a
 * reconnecting browser sends `Last-Event-ID` and gets what it missed from the ring, or `resync`.
 */
@Controller('api/v1/stream')
export class StreamController implements OnModuleDestroy {
  private readonly open = new Set<LiveConnection>();

  constructor(
    private readonly feed: LiveFeed,
    private readonly store: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiDoc({
    summary: '实时变化 the changes you may see, as Server-Sent Events',
    description:
      'Each event is an envelope as on Kafka (see /api/docs/asyncapi.json). `Last-Event-ID` resumes; ' +
      '`event: resync` asks to reload, `event: expired` ends the stream when the token runs out. ' +
      'A client that cannot set headers may send `?lastEventId=`.',
    headers: [
      { name: 'Last-Event-ID', description: 'the last event id seen: what was missed is sent first' },
    ],
    success: { description: 'an event stream', contentTypes: ['text/event-stream'] },
    security: ['bearerAuth', 'accessTokenQuery'],
  })
  async stream(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = tokenOf(req);
    const user = verifyAccessToken(token, requireJwtSecret(this.config));
    if (!user)
      throw new RequestRejected(401, 'AUTH.TOKEN_INVALID', '令牌无效或已过期 token invalid or expired');
    const viewer = await this.viewerOf(user);
    const lastEventId = req.header('last-event-id') ?? stringParam(req.query.lastEventId);

    // Replay and subscribe in one synchronous step, so no event falls between them.
    const expiry = setTimeout(
      () => {
        connection.control('expired', { code: 'AUTH.TOKEN_EXPIRED', message: '登录已过期 session expired' });
        connection.close();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, expiresAt(token) - Date.now())),
    );
    let stop = () => {};
    const connection: LiveConnection = new LiveConnection(res, () => {
      stop();
      clearTimeout(expiry);
      this.open.delete(connection);
    });
    this.open.add(connection);
    if (lastEventId) {
      const missed = this.feed.ring.after(lastEventId);
      if (missed === 'gap') connection.control('resync', { reason: 'missed' }, this.feed.ring.lastId);
      else for (const event of missed) if (maySee(viewer, event)) connection.send(event);
    }
    if (connection.closed) return; // dropped while catching up (too slow a reader): it will resume
    stop = this.feed.listen((event) => maySee(viewer, event) && connection.send(event));
  }

  /** Streams keep their responses open: end them, or the server would wait for them to close. */
  onModuleDestroy(): void {
    for (const connection of [...this.open]) connection.close();
  }

  /** A duty officer's units: their own and the rescue teams that answer to it, whose tasks they may acknowledge. */
  private async viewerOf(user: SignedInUser): Promise<Viewer> {
    if (user.role !== 'duty_officer' || !user.unitId) return { role: user.role, unitIds: new Set() };
    const registry = await this.store.structure.registry();
    const teams = registry.units.filter((u) => u.kind === 'rescue_team' && u.parentId === user.unitId);
    return { role: user.role, unitIds: new Set([user.unitId, ...teams.map((t) => t.id)]) };
  }
}

/** The Bearer header (any client), else `?access_token=` (EventSource, which cannot set headers). */
function tokenOf(req: Request): string {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
  const token = bearer ?? stringParam(req.query.access_token);
  if (!token)
    throw new RequestRejected(
      401,
      'AUTH.TOKEN_MISSING',
      '请先登录 send Authorization: Bearer <token>, or ?access_token=<token> on this route',
    );
  return token;
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

/** When a verified token runs out, in epoch milliseconds. */
function expiresAt(token: string): number {
  const claims = jwt.decode(token) as jwt.JwtPayload | null;
  return typeof claims?.exp === 'number' ? claims.exp * 1000 : Date.now();
}
