import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { SERVICES } from './services';

/**
 * Brings up what the integration and e2e groups need, or fails loudly: Kafka through deploy/kafka
 * (idempotent: reuses a running broker), and checks that PostgreSQL and Redis answer.
 */
export default async function globalSetup(): Promise<void> {
  const problems: string[] = [];
  const pg = new Client({ connectionString: SERVICES.postgresAdminUrl, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    await pg.query('SELECT 1');
  } catch (e) {
    problems.push(`PostgreSQL at ${SERVICES.postgresAdminUrl}: ${(e as Error).message}`);
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new IORedis(SERVICES.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    problems.push(`Redis at ${SERVICES.redisUrl}: ${(e as Error).message}`);
  } finally {
    redis.disconnect();
  }
  try {
    execFileSync('bash', [resolve(__dirname, '../../deploy/kafka/kafka.sh'), 'start'], { stdio: 'inherit' });
  } catch (e) {
    problems.push(`Kafka (deploy/kafka/kafka.sh start): ${(e as Error).message}`);
  }
  if (problems.length) {
    throw new Error(
      `测试所需服务不可用 services the tests need are not available:\n  ${problems.join('\n  ')}`,
    );
  }
}
