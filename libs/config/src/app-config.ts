import { z } from 'zod';
import { isUserName } from '@erp/domain';

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置错误 / invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL with scheme ${protocols.join(' or ')}`,
  );

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const EnvSchema = z.object({
  PORT: port.default(3000),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_OWNER_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port…]')
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('erp'),
  // Kafka topic names allow [a-zA-Z0-9._-] up to 249; lowercase and 40 leave room for the longest topic.
  KAFKA_FETCH_WAIT_MS: z.coerce.number().int().min(0).max(500).default(0),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(10_000),
  KAFKA_PARTITIONS: positiveInt.max(1000).default(3),
  KAFKA_REPLICATION_FACTOR: positiveInt.max(7).default(1),
  KAFKA_RETENTION_HOURS: positiveInt.max(8760).default(168),
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9._-]+$/, "must be lowercase letters, digits, '-', '_' or '.'")
    .max(40, 'must be at most 40 characters')
    .optional(),
  // BullMQ refuses ':' in names; the same alphabet as a Kafka namespace keeps the two side by side.
  TIMER_QUEUE: z
    .string()
    .regex(/^[a-zA-Z0-9._-]+$/, "must be letters, digits, '-', '_' or '.'")
    .max(100, 'must be at most 100 characters')
    .default('erp-deadlines'),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: port.default(54329),
  DEMO_SOURCE_KEY: z.string().min(12, 'must be at least 12 characters').default('demo-source-key-2026'),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('demo-password-2026'),
  SEED_DEMO: bool.default(true),
  FIRST_ADMIN_USERNAME: z
    .string()
    .refine(isUserName, 'must be 1 to 64 letters, digits and . _ @ -')
    .default('admin'),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  JWT_TTL_SECONDS: positiveInt.default(12 * 3600),
  DEADLINE_SCALE: z.coerce.number().positive('must be a positive number').max(1000).default(1),
  RECONCILE_SECONDS: positiveInt.max(3600).default(30),
  // Sign-in attempts allowed per user name and per address in one window, before 429.
  LOGIN_MAX_ATTEMPTS_PER_USER: positiveInt.default(10),
  LOGIN_MAX_ATTEMPTS_PER_ADDRESS: positiveInt.default(50),
  LOGIN_WINDOW_SECONDS: positiveInt.default(900),
  CHECKPOINT_SECONDS: positiveInt.max(3600).default(60),
  MAX_BODY_BYTES: positiveInt.default(1024 * 1024),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  REQUEST_LOG: bool.default(true),
  METRICS: bool.default(true),
  OUTBOX_POLL_MS: positiveInt.default(250),
  // Outbound webhooks (SMS/voice gateways): how often due deliveries are looked for, the first retry's
  // wait (doubling each time, at most an hour), the attempts before one is given up, one attempt's timeout.
  WEBHOOK_POLL_MS: positiveInt.max(60_000).default(500),
  WEBHOOK_RETRY_BASE_MS: positiveInt.max(3_600_000).default(5_000),
  WEBHOOK_MAX_ATTEMPTS: positiveInt.max(50).default(10),
  WEBHOOK_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  // The dates sources may send (occurredAt, CAP sent…): from this instant to so many hours ahead of now.
  ACCEPTED_DATES_FROM: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time with offset' })
    .default('1970-01-01T00:00:00Z'),
  ACCEPTED_DATES_AHEAD_HOURS: z.coerce.number().positive().max(8784).default(24),
  CORRELATION_RADIUS_METRES: positiveInt.default(2000),
  CORRELATION_WINDOW_MINUTES: positiveInt.default(120),
  /** The travel-time model's settings as JSON: {"terrainFactor":1.6,"speedKmh":{…},"turnoutSeconds":{…}}. */
  TRAVEL_MODEL: z
    .string()
    .transform((v, ctx) => {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(
      z.strictObject({
        terrainFactor: z.number().min(1).optional(),
        speedKmh: z.record(z.string(), z.number().positive()).optional(),
        turnoutSeconds: z.record(z.string(), z.number().min(0)).optional(),
      }),
    )
    .optional(),
});

/** Every environment variable the loader reads: a deployment's configuration may set these and no other. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

/** The secret that signs access tokens; a service that signs or checks them cannot start without one. */
export function requireJwtSecret(config: Pick<AppConfig, 'jwtSecret'>): string {
  if (!config.jwtSecret) {
    throw new ConfigError([
      'JWT_SECRET: required to sign and check access tokens (single-node mode keeps a generated one in DATA_DIR)',
    ]);
  }
  return config.jwtSecret;
}

export interface AppConfig {
  port: number;
  /** The apps' own connection, as the least-privilege role `erp_app`. Undefined in single-node mode until the embedded server is up. */
  databaseUrl?: string;
  /**
   * The schema owner's connection: runs the migrations (ours and BullMQ's timer schema) at start-up, then
   * closes. Unset: migrations run on databaseUrl, which must then own the schema (development, tests).
   */
  databaseOwnerUrl?: string;
  redisUrl?: string;
  kafkaBrokers?: string[];
  kafkaClientId: string;
  /**
   * Prefix of every Kafka topic and consumer group (`<namespace>.<name>`), so that runs sharing one broker
   * (a test suite and a benchmark) do not consume each other's records. Unset: the names as they are.
   */
  kafkaNamespace?: string;
  /** How long the broker may hold a consumer's fetch to gather records: throughput against latency per hop. */
  kafkaFetchWaitMs: number;
  /**
   * Settings of the topics the apps create when missing. Partitions are the ceiling on parallelism: a
   * consumer group never has more working instances than a topic has partitions.
   */
  /** How soon a group hands a silent (killed) instance's partitions to the others. */
  kafkaSessionTimeoutMs: number;
  kafkaTopics: { partitions: number; replicationFactor: number; retentionHours: number };
  /**
   * The BullMQ queue of deadline timers. Runs sharing one Redis (a test suite, a benchmark) each need their
   * own: a timer left by another run fires here and reads tasks this database never had (measured: 1,451
   * such look-ups in a 10 s bench run).
   */
  timerQueue: string;
  dataDir: string;
  embeddedPgPort: number;
  demoSourceKey: string;
  demoPassword: string;
  seedDemo: boolean;
  /**
   * On an empty install (no user at all, as with SEED_DEMO=false) the first start opens this administrator
   * with a one-time password, logged once and kept in DATA_DIR/first-admin-password (0600).
   */
  firstAdminUsername: string;
  /**
   * Signs access tokens. Required in services mode; single-node mode generates one on first start and keeps
   * it in DATA_DIR (apps/single-node), so no secret is ever written in the source.
   */
  jwtSecret?: string;
  jwtTtlSeconds: number;
  /** Failed sign-ins are limited per user name and per address within a window (429 AUTH.TOO_MANY_ATTEMPTS). */
  loginLimits: { perUser: number; perAddress: number; windowMs: number };
  /**
   * Drill time: every deadline and ladder wait is multiplied by it (0.01 turns 15 minutes into 9 seconds).
   * 1 in real use; an exercise incident may carry its own.
   */
  deadlineScale: number;
  /** How often the escalator holds the timer store against PostgreSQL's deadlines (and at start-up). */
  reconcileSeconds: number;
  /** How often the audit seals the district chain of incident heads (timeline checkpoints). */
  checkpointSeconds: number;
  maxBodyBytes: number;
  logFormat: 'json' | 'pretty';
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  /** One log line per HTTP request (off where an ingress logs them already); request ids are kept either way. */
  requestLog: boolean;
  /** Prometheus series and `/metrics` (off where nobody scrapes them). */
  metrics: boolean;
  outboxPollMs: number;
  /** Outbound webhook deliveries: polling, backoff (base doubling per attempt), attempts, one attempt's timeout. */
  webhooks: { pollMs: number; retryBaseMs: number; maxAttempts: number; timeoutMs: number };
  /** Dates from sources outside [acceptedDatesFrom, now + acceptedDatesAheadMs] are refused, naming the field. */
  acceptedDatesFrom: Date;
  acceptedDatesAheadMs: number;
  correlationRadiusMetres: number;
  correlationWindowMinutes: number;
  /** Settings of the rescue-circle travel-time model; vehicle classes are checked by the model itself. */
  travelModel: {
    terrainFactor?: number;
    speedKmh?: Record<string, number>;
    turnoutSeconds?: Record<string, number>;
  };
}

/** The one config loader. Reads only the variables it knows; a bad value stops start-up. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${String(i.path[0])}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`,
      ),
    );
  }
  const e = parsed.data;
  const servicesMode = Boolean(e.DATABASE_URL && e.KAFKA_BROKERS);
  if (servicesMode && !e.JWT_SECRET) {
    throw new ConfigError([
      'JWT_SECRET: required when DATABASE_URL and KAFKA_BROKERS are set (services mode)',
    ]);
  }
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    redisUrl: e.REDIS_URL,
    kafkaBrokers: e.KAFKA_BROKERS?.split(','),
    kafkaClientId: e.KAFKA_CLIENT_ID,
    kafkaNamespace: e.KAFKA_NAMESPACE,
    kafkaFetchWaitMs: e.KAFKA_FETCH_WAIT_MS,
    kafkaSessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS,
    kafkaTopics: {
      partitions: e.KAFKA_PARTITIONS,
      replicationFactor: e.KAFKA_REPLICATION_FACTOR,
      retentionHours: e.KAFKA_RETENTION_HOURS,
    },
    timerQueue: e.TIMER_QUEUE,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    demoSourceKey: e.DEMO_SOURCE_KEY,
    demoPassword: e.DEMO_PASSWORD,
    seedDemo: e.SEED_DEMO,
    firstAdminUsername: e.FIRST_ADMIN_USERNAME,
    jwtSecret: e.JWT_SECRET,
    jwtTtlSeconds: e.JWT_TTL_SECONDS,
    deadlineScale: e.DEADLINE_SCALE,
    reconcileSeconds: e.RECONCILE_SECONDS,
    loginLimits: {
      perUser: e.LOGIN_MAX_ATTEMPTS_PER_USER,
      perAddress: e.LOGIN_MAX_ATTEMPTS_PER_ADDRESS,
      windowMs: e.LOGIN_WINDOW_SECONDS * 1000,
    },
    checkpointSeconds: e.CHECKPOINT_SECONDS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    logFormat: e.LOG_FORMAT ?? (servicesMode ? 'json' : 'pretty'),
    logLevel: e.LOG_LEVEL,
    requestLog: e.REQUEST_LOG,
    metrics: e.METRICS,
    outboxPollMs: e.OUTBOX_POLL_MS,
    webhooks: {
      pollMs: e.WEBHOOK_POLL_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
    },
    acceptedDatesFrom: new Date(e.ACCEPTED_DATES_FROM),
    acceptedDatesAheadMs: e.ACCEPTED_DATES_AHEAD_HOURS * 3_600_000,
    correlationRadiusMetres: e.CORRELATION_RADIUS_METRES,
    correlationWindowMinutes: e.CORRELATION_WINDOW_MINUTES,
    travelModel: e.TRAVEL_MODEL ?? {},
  };
}
