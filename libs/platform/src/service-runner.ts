import { INestApplication, Type } from '@nestjs/common';
import { AppConfig, ConfigError, loadConfig } from '@erp/config';
import { createHttpApp } from './http-app';
import { Infrastructure, InfrastructureNeeds } from './infrastructure';
import { AppLogger, createLogger } from './logger';

/** A refusal to start that explains itself (the data directory is taken…): printed as is, without a stack. */
export class StartRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartRefused';
  }
}

export interface ServiceDefinition extends InfrastructureNeeds {
  contexts: Type<unknown>[];
}

export interface RunningService {
  app: INestApplication;
  infra: Infrastructure;
  url: string;
  stop(): Promise<void>;
}

/** Starts one service on a loaded config: engines, then the Nest app, then HTTP. */
export async function startService(
  definition: ServiceDefinition,
  config: AppConfig,
  logger: AppLogger = createLogger(config, definition.service),
): Promise<RunningService> {
  const infra = await Infrastructure.start(config, definition, logger);
  let app: INestApplication;
  try {
    app = await createHttpApp(infra, definition.contexts, logger);
    await app.listen(config.port, '0.0.0.0');
  } catch (e) {
    await infra.stop();
    throw e;
  }
  const address = app.getHttpServer().address() as { port: number };
  return { app, infra, url: `http://127.0.0.1:${address.port}`, stop: () => app.close() };
}

/** How long a stopping app may take before it exits anyway (a deployment's grace period must be longer). */
export const STOP_DEADLINE_MS = 30_000;

/**
 * The process entry for every app: config validated first (a bad value exits 1 naming the variable),
 * then the service; SIGINT/SIGTERM stop it cleanly, `afterStop` last (the embedded database).
 */
export async function runMain(
  start: (config: AppConfig) => Promise<{ stop(): Promise<void> }>,
  afterStop: () => Promise<void> = async () => undefined,
): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config, 'main');
  let running: { stop(): Promise<void> } | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`收到 ${signal}，正在停止 stopping…`);
    const force = setTimeout(() => process.exit(1), STOP_DEADLINE_MS);
    force.unref();
    try {
      await running?.stop();
      await afterStop();
      logger.log('已停止 stopped cleanly');
      process.exit(0);
    } catch (e) {
      logger.error(`停止失败 stop failed: ${(e as Error).stack}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    running = await start(config);
  } catch (e) {
    logger.error(
      e instanceof ConfigError || e instanceof StartRefused
        ? e.message
        : `启动失败 start-up failed: ${(e as Error).stack}`,
    );
    await afterStop().catch(() => undefined);
    process.exit(1);
  }
}
