import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { NextFunction, Request, Response } from 'express';
import { cacheControlFor, isApiPath, servesPage } from './site-routes';

/**
 * Where `npm run build` puts the console (vite: apps/duty-console/web → dist/console): beside the
 * compiled libraries (dist/libs/console-site/src → dist/console), or under the working directory.
 */
export function findSiteFolder(): string | null {
  const candidates = [resolve(__dirname, '../../../console'), resolve(process.cwd(), 'dist/console')];
  return candidates.find((folder) => existsSync(join(folder, 'index.html'))) ?? null;
}

/**
 * Serves the duty officers' console (值班台) at `/`: its built files, and its page for any other path of
 * the app. Added once the API's routes are registered, so it can never shadow one; without a build, the
 * API runs alone and says so at start.
 */
@Module({})
export class ConsoleSiteModule implements OnModuleInit {
  private readonly logger = new Logger('ConsoleSite');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const folder = findSiteFolder();
    if (!folder) {
      this.logger.warn(
        '控制台页面未构建，仅提供 API console not built (no dist/console/index.html): run `npm run build`; serving the API only',
      );
      return;
    }
    const app = this.adapterHost.httpAdapter.getInstance<express.Express>();
    const files = express.static(folder, {
      index: false,
      setHeaders: (res, path) =>
        res.setHeader('Cache-Control', cacheControlFor(`/${path.slice(folder.length + 1)}`)),
    });
    app.use((req: Request, res: Response, next: NextFunction) =>
      isApiPath(req.path) ? next() : files(req, res, next),
    );
    const page = join(folder, 'index.html');
    app.use((req: Request, res: Response, next: NextFunction) =>
      servesPage(req.method, req.path)
        ? res.sendFile(page, { headers: { 'Cache-Control': 'no-cache' } }, (e) => e && next(e))
        : next(),
    );
    this.logger.log(`控制台 console served from ${folder}`);
  }
}
