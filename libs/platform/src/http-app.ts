import { INestApplication, ModuleMetadata, Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json, NextFunction, raw, Request, Response, text } from 'express';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { ApiDocsController } from './api-docs/api-docs.controller';
import { ErrorResponseFilter } from './domain-error.filter';
import { HealthController } from './health.controller';
import { httpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { Infrastructure } from './infrastructure';
import { InfrastructureModule } from './infrastructure.module';
import { AppLogger } from './logger';
import { assignRequestId } from './request-id';
import { httpRequestLogger } from './request-logger';
import { refuseUnstorableText } from './storable-body';

/**
 * Builds one Nest application around started infrastructure: the given context modules, health, the API
 * documents of its own routes (`/api/docs`), the error body, and a JSON body limit (413 above it). Apps
 * differ only in which context modules they list.
 */
export async function createHttpApp(
  infra: Infrastructure,
  contexts: Type<unknown>[],
  logger: AppLogger,
): Promise<INestApplication> {
  const metadata: ModuleMetadata = {
    imports: [
      InfrastructureModule.forRoot(infra),
      CqrsModule.forRoot(),
      DiscoveryModule,
      // A failed readiness check is the answer itself (503 naming the engine), not an error to log.
      TerminusModule.forRoot({ logger: false }),
      // Hands each request's logger (bound by httpRequestLogger) to whatever logs while it runs.
      LoggerModule.forRoot({ pinoHttp: { logger: logger.pino }, useExisting: true }),
      ...contexts,
    ],
    controllers: infra.metrics
      ? [HealthController, ApiDocsController, MetricsController]
      : [HealthController, ApiDocsController],
  };
  @Module(metadata)
  class ApplicationModule {}

  const app = await NestFactory.create<NestExpressApplication>(ApplicationModule, {
    bodyParser: false,
    logger,
    abortOnError: false,
  });
  // No ETag from hashing each response body (SHA-1 of every 202 was 1.4% of the intake's CPU, for no
  // reader): a resource whose version means something sets its own (a unit's revision, for If-Match).
  app.set('etag', false);
  app.use(infra.config.requestLog ? httpRequestLogger(logger) : assignRequestId);
  if (infra.metrics) app.use(httpMetrics(infra.metrics));
  app.use(json({ limit: infra.config.maxBodyBytes, type: ['application/json', 'application/*+json'] }));
  // The response plan may be sent as a readable YAML document (PUT /api/v1/plan): kept as text for its parser.
  app.use(
    text({ limit: infra.config.maxBodyBytes, type: ['application/yaml', 'application/x-yaml', 'text/yaml'] }),
  );
  app.use(refuseUnstorableText);
  // CAP arrives as XML: kept as bytes, so the parser can honour the document's own encoding.
  app.use(
    raw({ limit: infra.config.maxBodyBytes, type: ['application/cap+xml', 'application/xml', 'text/xml'] }),
  );
  // Malformed or oversized bodies fail inside body-parser, before routing: answer them in our error shape.
  const errors = new ErrorResponseFilter(logger);
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) =>
    err ? errors.send(err, req, res) : next(),
  );
  app.useGlobalFilters(errors);
  return app;
}
