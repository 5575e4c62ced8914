import { ConfigError, loadConfig, requireJwtSecret } from './app-config';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

const SERVICES = { DATABASE_URL: 'postgres://erp:erp@db:5432/erp', KAFKA_BROKERS: 'kafka:9092' };
const SECRET = 'a-real-secret-of-32-characters!!';

describe('loadConfig', () => {
  it('uses the defaults with an empty environment (single-node mode)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      deadlineScale: 1,
      reconcileSeconds: 30,
      checkpointSeconds: 60,
      travelModel: {},
      kafkaFetchWaitMs: 0,
      kafkaTopics: { partitions: 3, replicationFactor: 1, retentionHours: 168 },
      kafkaSessionTimeoutMs: 10_000,
      maxBodyBytes: 1_048_576,
      logFormat: 'pretty',
      logLevel: 'log',
      requestLog: true,
      metrics: true,
      kafkaClientId: 'erp',
      embeddedPgPort: 54329,
      seedDemo: true,
      firstAdminUsername: 'admin',
      jwtTtlSeconds: 43_200,
      outboxPollMs: 250,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.kafkaBrokers).toBeUndefined();
    // No secret from the source: single-node mode generates its own (apps/single-node).
    expect(c.jwtSecret).toBeUndefined();
    expect(() => requireJwtSecret(c)).toThrow(/JWT_SECRET: required/);
  });

  it('parses numbers given as strings', () => {
    expect(loadConfig({ PORT: '8080', DEADLINE_SCALE: '0.01', RECONCILE_SECONDS: '5' })).toMatchObject({
      port: 8080,
      deadlineScale: 0.01,
      reconcileSeconds: 5,
    });
  });

  it.each(['0', '-1', 'fast', '5000'])('refuses DEADLINE_SCALE=%s, naming it', (value) => {
    expect(configError({ DEADLINE_SCALE: value }).problems[0]).toMatch(/^DEADLINE_SCALE: /);
  });

  it('refuses a CHECKPOINT_SECONDS that is not a positive whole number of at most an hour', () => {
    expect(loadConfig({ CHECKPOINT_SECONDS: '5' }).checkpointSeconds).toBe(5);
    for (const value of ['0', '2.5', '3601'])
      expect(configError({ CHECKPOINT_SECONDS: value }).problems[0]).toMatch(/^CHECKPOINT_SECONDS: /);
  });

  it('reads the Kafka topic settings and refuses impossible ones', () => {
    expect(
      loadConfig({ KAFKA_PARTITIONS: '12', KAFKA_REPLICATION_FACTOR: '3', KAFKA_RETENTION_HOURS: '72' })
        .kafkaTopics,
    ).toEqual({ partitions: 12, replicationFactor: 3, retentionHours: 72 });
    for (const [name, value] of [
      ['KAFKA_PARTITIONS', '0'],
      ['KAFKA_PARTITIONS', '1.5'],
      ['KAFKA_REPLICATION_FACTOR', '0'],
      ['KAFKA_RETENTION_HOURS', '-1'],
      ['KAFKA_SESSION_TIMEOUT_MS', '1000'],
    ])
      expect(configError({ [name]: value }).problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('refuses a RECONCILE_SECONDS that is not a positive whole number', () => {
    expect(configError({ RECONCILE_SECONDS: '0' }).problems[0]).toMatch(/^RECONCILE_SECONDS: /);
    expect(configError({ RECONCILE_SECONDS: '1.5' }).problems[0]).toMatch(/^RECONCILE_SECONDS: /);
  });

  it('refuses a non-numeric PORT, naming PORT', () => {
    const err = configError({ PORT: 'abc' });
    expect(err.message).toContain('PORT');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^PORT: /);
    expect(err.problems[0]).toContain('"abc"');
  });

  it.each(['70000', '0', '3000.5'])('refuses PORT=%s', (value) => {
    expect(configError({ PORT: value }).message).toContain('PORT');
  });

  it('refuses a non-Postgres DATABASE_URL, naming DATABASE_URL', () => {
    const err = configError({ DATABASE_URL: 'mysql://x' });
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).toContain('postgres');
  });

  it('refuses a DATABASE_URL that is not a URL', () => {
    expect(configError({ DATABASE_URL: 'not a url' }).message).toContain('DATABASE_URL');
  });

  it('accepts postgresql:// too', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/erp' }).databaseUrl).toBe(
      'postgresql://localhost/erp',
    );
  });

  it('splits KAFKA_BROKERS into a list', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'a:1,b:2' }).kafkaBrokers).toEqual(['a:1', 'b:2']);
  });

  it.each(['nope', 'a:1,', 'a:1, b:2', 'a:x'])('refuses KAFKA_BROKERS=%j', (value) => {
    expect(configError({ KAFKA_BROKERS: value }).message).toContain('KAFKA_BROKERS');
  });

  it('leaves KAFKA_NAMESPACE unset by default and takes a valid one as given', () => {
    expect(loadConfig({}).kafkaNamespace).toBeUndefined();
    expect(loadConfig({ KAFKA_NAMESPACE: '' }).kafkaNamespace).toBeUndefined();
    expect(loadConfig({ KAFKA_NAMESPACE: 'bench-1a2b.run_3' }).kafkaNamespace).toBe('bench-1a2b.run_3');
    expect(loadConfig({ KAFKA_NAMESPACE: 'a'.repeat(40) }).kafkaNamespace).toHaveLength(40);
  });

  it.each(['Bench', 'a b', 'a/b', 'a:b', 'ns,2', 'a'.repeat(41)])('refuses KAFKA_NAMESPACE=%j', (value) => {
    const err = configError({ KAFKA_NAMESPACE: value });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/^KAFKA_NAMESPACE: /);
  });

  it('names the timer queue erp-deadlines by default, takes another, and refuses a colon', () => {
    expect(loadConfig({}).timerQueue).toBe('erp-deadlines');
    expect(loadConfig({ TIMER_QUEUE: 'bench-1a2b.deadlines' }).timerQueue).toBe('bench-1a2b.deadlines');
    expect(configError({ TIMER_QUEUE: 'erp:deadlines' }).problems[0]).toMatch(/^TIMER_QUEUE: /);
  });

  it('reports every bad variable at once', () => {
    const err = configError({ PORT: 'abc', REDIS_URL: 'http://x' });
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['PORT', 'REDIS_URL']);
  });

  it('requires JWT_SECRET in services mode', () => {
    const err = configError({ ...SERVICES });
    expect(err.message).toContain('JWT_SECRET');
  });

  it('refuses a JWT_SECRET shorter than 16 characters', () => {
    expect(configError({ ...SERVICES, JWT_SECRET: 'short' }).message).toContain('JWT_SECRET');
  });

  it('in services mode with a secret, logs JSON and uses the given secret', () => {
    const c = loadConfig({ ...SERVICES, JWT_SECRET: SECRET });
    expect(c).toMatchObject({
      logFormat: 'json',
      jwtSecret: SECRET,
      databaseUrl: SERVICES.DATABASE_URL,
      kafkaBrokers: ['kafka:9092'],
    });
  });

  it('lets LOG_FORMAT override the mode default', () => {
    expect(loadConfig({ ...SERVICES, JWT_SECRET: SECRET, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
  });

  it('does not enter services mode with only one of DATABASE_URL and KAFKA_BROKERS', () => {
    expect(loadConfig({ DATABASE_URL: SERVICES.DATABASE_URL }).logFormat).toBe('pretty');
    expect(loadConfig({ KAFKA_BROKERS: SERVICES.KAFKA_BROKERS }).logFormat).toBe('pretty');
  });

  it('treats empty-string variables as unset', () => {
    const c = loadConfig({ PORT: '', LOG_FORMAT: '', DATABASE_URL: '', KAFKA_BROKERS: '', JWT_SECRET: '' });
    expect(c.port).toBe(3000);
    expect(c.logFormat).toBe('pretty');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.jwtSecret).toBeUndefined();
    // and an empty secret does not satisfy services mode
    expect(configError({ ...SERVICES, JWT_SECRET: '' }).message).toContain('JWT_SECRET');
  });

  it('turns request lines and metrics off by boolean words, and names a bad one', () => {
    expect(loadConfig({ REQUEST_LOG: 'false', METRICS: '0' })).toMatchObject({
      requestLog: false,
      metrics: false,
    });
    expect(configError({ METRICS: 'sometimes' }).message).toContain('METRICS');
  });

  it('parses SEED_DEMO as a boolean word', () => {
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'yes' }).seedDemo).toBe(true);
    expect(configError({ SEED_DEMO: 'maybe' }).message).toContain('SEED_DEMO');
  });

  it('takes FIRST_ADMIN_USERNAME as a sign-in name, and refuses one with spaces, naming it', () => {
    expect(loadConfig({ FIRST_ADMIN_USERNAME: '区管理员' }).firstAdminUsername).toBe('区管理员');
    expect(configError({ FIRST_ADMIN_USERNAME: 'the admin' }).problems[0]).toMatch(/^FIRST_ADMIN_USERNAME: /);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });
});
