import { hostname } from 'node:os';
import { LoggerService } from '@nestjs/common';
import { Logger, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import { AppConfig } from '@erp/config';

/** LOG_LEVEL keeps Nest's names; pino calls `log` info and `verbose` trace. */
const PINO_LEVELS = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const;

/** The root nestjs-pino adopted process-wide (it keeps the first one it sees for lines outside a request). */
let adoptedRoot: Pino | undefined;

/** nestjs-pino's request-aware logger, bound to its own root outside a request rather than the first one. */
class RootedPinoLogger extends PinoLogger {
  constructor(private readonly root: Pino) {
    super({ pinoHttp: { logger: root } });
    adoptedRoot ??= root;
  }

  override get logger(): Pino {
    const current = super.logger;
    return current === adoptedRoot ? this.root : current;
  }
}

/**
 * The one logger: pino under nestjs-pino. Nest, the engines and the use cases log through it; inside a
 * request every line carries the request's `requestId` and `correlationId` (see `httpRequestLogger`).
 */
export class AppLogger extends Logger {
  constructor(readonly pino: Pino) {
    super(new RootedPinoLogger(pino), {});
  }
}

/**
 * JSON lines in services mode, readable text in a terminal (pino-pretty). `fatal` and `destination` are
 * for tests that keep quiet or read what was logged.
 */
export function createLogger(
  config: { logFormat: AppConfig['logFormat']; logLevel: AppConfig['logLevel'] | 'fatal' },
  service = 'erp',
  destination?: DestinationStream,
): AppLogger {
  const stream =
    destination ??
    (config.logFormat === 'json'
      ? pino.destination(1)
      : pretty({
          sync: true,
          colorize: process.stdout.isTTY,
          messageKey: 'message',
          translateTime: 'SYS:HH:MM:ss.l',
          messageFormat: '{if context}[{context}] {end}{message}',
          ignore: 'pid,hostname,service,context,req,res,correlationId,durationMs',
        }));
  const root = pino(
    {
      level: PINO_LEVELS[config.logLevel],
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      base: { pid: process.pid, hostname: hostname(), service },
    },
    stream,
  );
  return new AppLogger(root);
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
