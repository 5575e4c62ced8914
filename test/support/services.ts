import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The real services the integration and e2e groups talk to: never mocks. */
export const SERVICES = {
  postgresAdminUrl: process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  kafkaBrokers: [`127.0.0.1:${process.env.KAFKA_PORT ?? '19092'}`],
};

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database per suite on the machine's PostgreSQL, dropped afterwards. */
export async function createTestDatabase(prefix = 'erp_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVICES.postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVICES.postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: SERVICES.postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Retries an assertion until it passes or the time is up; the last failure is what the test reports. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** The settings that keep a run's Kafka topics and groups, and its deadline timers, apart from other runs'. */
export function runNamespace(namespace: string): { KAFKA_NAMESPACE: string; TIMER_QUEUE: string } {
  return { KAFKA_NAMESPACE: namespace, TIMER_QUEUE: `${namespace}.deadlines` };
}

/**
 * The environment of a services-mode run on the machine's services (Kafka, Redis unless `redisUrl` says
 * otherwise), kept apart by `namespace`, with the demo source key and password; `extra` adds or overrides.
 */
export function servicesModeEnv(options: {
  databaseUrl: string;
  namespace: string;
  sourceKey: string;
  password: string;
  redisUrl?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl ?? SERVICES.redisUrl,
    KAFKA_BROKERS: SERVICES.kafkaBrokers.join(','),
    ...runNamespace(options.namespace),
    JWT_SECRET: `${options.namespace}-jwt-secret-0123456789`,
    DEMO_SOURCE_KEY: options.sourceKey,
    DEMO_PASSWORD: options.password,
    ...options.extra,
  };
}

/**
 * Deletes what a run kept under its namespace (`runNamespace`): its topics and (now idle) consumer groups
 * on the shared broker, and its timer queue on the shared Redis, so runs do not pile up, nor fire each
 * other's timers.
 */
export async function dropRunNamespace(namespace: string): Promise<void> {
  const { Queue } = await import('bullmq');
  const queue = new Queue(runNamespace(namespace).TIMER_QUEUE, { connection: { url: SERVICES.redisUrl } });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
  const { Kafka } = await import('kafkajs');
  const admin = new Kafka({ clientId: 'test-cleanup', brokers: SERVICES.kafkaBrokers, logLevel: 0 }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
    if (topics.length) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => g.startsWith(`${namespace}.`));
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined); // a member still leaving: left
  } finally {
    await admin.disconnect();
  }
}
