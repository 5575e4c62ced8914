import 'reflect-metadata';
import { AppConfig } from '@erp/config';
import { BAZHOU } from '@erp/domain';
import { createLogger, runMain, startService, StartRefused } from '@erp/platform';
import { DEMO_SOURCE_ID } from '@erp/persistence';
import { DataDirInUse, DataDirLock, lockDataDir } from './data-dir-lock';
import { EmbeddedDatabase, startEmbeddedDatabase } from './embedded-database';
import { keptSecret } from './kept-secret';
import { SINGLE_NODE } from './single-node';

let lock: DataDirLock | undefined;
let embedded: EmbeddedDatabase | undefined;

/** Single-node mode (单机模式): embedded PostgreSQL unless DATABASE_URL is set; everything in one process. */
void runMain(
  async (config: AppConfig) => {
    const logger = createLogger(config, 'single-node');
    // First of all: one running instance owns DATA_DIR; a second start says so and leaves the first alone.
    try {
      lock = lockDataDir(config.dataDir, config.port, (m) => logger.log(m));
    } catch (e) {
      throw e instanceof DataDirInUse ? new StartRefused(e.message) : e;
    }
    // No JWT_SECRET: one generated on first start, kept in DATA_DIR (0600), never one from the source.
    if (!config.jwtSecret) {
      config = { ...config, jwtSecret: keptSecret(config.dataDir, 'jwt-secret', (m) => logger.log(m)) };
    }
    if (!config.databaseUrl) {
      embedded = await startEmbeddedDatabase(config.dataDir, config.embeddedPgPort, (m) => logger.log(m));
      config = { ...config, databaseUrl: embedded.url, databaseOwnerUrl: embedded.ownerUrl };
    }
    const service = await startService(SINGLE_NODE, config, logger);
    logger.log(banner(config, service.url));
    return service;
  },
  async () => {
    try {
      await embedded?.stop();
    } finally {
      lock?.release();
    }
  },
);

function banner(config: AppConfig, url: string): string {
  const sample = BAZHOU.townships[0];
  return [
    '',
    `应急指挥调度平台已启动 — ${BAZHOU.name} (单机模式)  ${url}`,
    `  值班台 duty console: ${url}/  (浏览器打开 open in a browser)`,
    `  数据库 Postgres: ${embedded ? `embedded, data in ${config.dataDir}` : 'DATABASE_URL'}`,
    `  计时器 timers: BullMQ on ${config.redisUrl ? 'Redis' : 'PostgreSQL'}; 事件流 events: ${config.kafkaBrokers ? 'Kafka' : 'in-process (fed from the outbox)'}`,
    '  演示凭据 demo credentials:',
    `    报警源 alarm source: ${DEMO_SOURCE_ID}, X-Api-Key: ${config.demoSourceKey}`,
    `    值班员 duty officers: duty-<乡镇代码> e.g. duty-${sample.code} (${sample.name}), duty-command-room`,
    `    指挥长 commander, 审计员 auditor, 管理员 admin, 各单位值班表成员 every roster member (GET /api/v1/units); 密码 password: ${config.demoPassword}`,
    `  指挥体系 1+18、救援队伍、分级响应预案 (示例数据 sample data): /api/v1/units, /api/v1/plan, /api/v1/coverage`,
    `  健康检查 health: ${url}/health`,
    '',
  ].join('\n');
}
