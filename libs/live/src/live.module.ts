import { Module } from '@nestjs/common';
import { LiveFeed } from './feed/live-feed';
import { StreamController } from './stream/stream.controller';

/** Live updates for the console (实时推送): GET /api/v1/stream, scoped per user, resumable. */
@Module({ controllers: [StreamController], providers: [LiveFeed] })
export class LiveModule {}
