import { ConsoleLogger, LoggerService } from '@nestjs/common';
import { AppConfig } from '@erp/config';

/** The one logger: JSON lines in services mode, readable text in a terminal. */
export function createLogger(
  config: Pick<AppConfig, 'logFormat' | 'logLevel'>,
  context = 'erp',
): ConsoleLogger {
  const levels = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return new ConsoleLogger(context, {
    json: config.logFormat === 'json',
    colors: config.logFormat !== 'json' && process.stdout.isTTY,
    logLevels: [...levels.slice(0, levels.indexOf(config.logLevel) + 1), 'fatal'],
  });
}

/** The narrow logging surface plain-TypeScript parts accept, so they need not import Nest. */
export function structured(logger: LoggerService, context: string) {
  return {
    log: (message: string, extra?: object) => logger.log(extra ? { message, ...extra } : message, context),
    warn: (message: string, extra?: object) => logger.warn(extra ? { message, ...extra } : message, context),
    error: (message: string, extra?: object) =>
      logger.error(extra ? { message, ...extra } : message, context),
  };
}
