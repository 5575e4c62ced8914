/**
 * docker-compose.yml (services mode) is checked without a Docker engine:
 *  - against the Compose Specification JSON schema vendored in ./compose-spec.json (see SCHEMA-SOURCE.md);
 *  - against nest-cli.json, so every application but single-node has a service, and no service names a missing app.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { servicesModeApps } from '../support/nest-apps';

const ROOT = join(__dirname, '..', '..');
const COMPOSE_FILE = join(ROOT, 'docker-compose.yml');
const SCHEMA_FILE = join(__dirname, 'compose-spec.json');

const INFRASTRUCTURE = ['postgres', 'redis', 'kafka'] as const;

type Json = Record<string, any>;

function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function loadCompose(): Json {
  // merge: true resolves the `<<: *anchor` merge keys the file uses for the shared app block.
  return parse(readFileSync(COMPOSE_FILE, 'utf8'), { merge: true });
}

function compileSchema(): ValidateFunction {
  const schema = readJson(SCHEMA_FILE);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // The compose-spec schema is draft-07 but names its meta-schema by the https URL, which Ajv
  // registers only as http://json-schema.org/draft-07/schema#; register the same meta-schema under that name.
  const metaId = schema.$schema as string | undefined;
  if (metaId && !ajv.getSchema(metaId)) {
    const draft07 = readJson(require.resolve('ajv/dist/refs/json-schema-draft-07.json'));
    ajv.addMetaSchema({ ...draft07, $id: metaId });
  }
  return ajv.compile(schema);
}

function formatErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

/** Services built from the shared app Dockerfile. */
function appServices(compose: Json): [string, Json][] {
  return Object.entries<Json>(compose.services ?? {}).filter(([, svc]) => svc.build !== undefined);
}

/** environment may be a mapping or a list of KEY=VALUE strings. */
function envKeys(environment: unknown): string[] {
  if (Array.isArray(environment)) return environment.map((entry) => String(entry).split('=')[0]);
  if (environment && typeof environment === 'object') return Object.keys(environment);
  return [];
}

describe('docker-compose.yml', () => {
  let validate: ValidateFunction;
  let compose: Json;

  beforeAll(() => {
    validate = compileSchema();
    compose = loadCompose();
  });

  it('is valid against the Compose Specification schema', () => {
    const ok = validate(compose);
    if (!ok) {
      // Surfaces the schema errors in the jest output, not just "expected true".
      throw new Error(
        `docker-compose.yml does not match compose-spec.json:\n${formatErrors(validate.errors)}`,
      );
    }
    expect(ok).toBe(true);
  });

  it('uses the Compose Specification format (no legacy top-level version key)', () => {
    expect(compose).not.toHaveProperty('version');
  });

  it('rejects a document with an unknown service key (the validator can fail)', () => {
    const broken = structuredClone(compose);
    broken.services.redis.imagee = broken.services.redis.image;
    delete broken.services.redis.image;
    expect(validate(broken)).toBe(false);
    expect(validate.errors ?? []).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          instancePath: '/services/redis',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'imagee' },
        }),
      ]),
    );
  });

  it('runs postgres, redis and kafka, each with a healthcheck', () => {
    for (const name of INFRASTRUCTURE) {
      expect(compose.services).toHaveProperty(name);
      expect(compose.services[name].healthcheck?.test).toBeDefined();
    }
  });

  it('has exactly one service for each application in nest-cli.json except single-node', () => {
    const expected = servicesModeApps();
    expect(expected.length).toBeGreaterThan(0);
    const serviceNames = Object.keys(compose.services).filter(
      (name) => !(INFRASTRUCTURE as readonly string[]).includes(name),
    );
    expect(serviceNames.sort()).toEqual(expected);
    expect(
      appServices(compose)
        .map(([name]) => name)
        .sort(),
    ).toEqual(expected);
  });

  describe.each(servicesModeApps())('app service %s', (app) => {
    let svc: Json;
    beforeAll(() => {
      svc = compose.services[app];
      expect(svc).toBeDefined();
    });

    it('builds from deploy/Dockerfile with APP set to its own name', () => {
      expect(svc.build).toMatchObject({ context: '.', dockerfile: 'deploy/Dockerfile' });
      expect(svc.build.args).toMatchObject({ APP: app });
    });

    it('has a healthcheck on /health', () => {
      expect(svc.healthcheck).toBeDefined();
      expect(svc.healthcheck.disable).not.toBe(true);
      expect(JSON.stringify(svc.healthcheck.test)).toContain('/health');
    });

    it('waits for postgres, redis and kafka to be healthy', () => {
      for (const dep of INFRASTRUCTURE) {
        expect(svc.depends_on?.[dep]).toMatchObject({ condition: 'service_healthy' });
      }
    });

    it('sets DATABASE_URL, REDIS_URL and KAFKA_BROKERS', () => {
      expect(envKeys(svc.environment)).toEqual(
        expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS']),
      );
    });

    it('restarts unless stopped', () => {
      expect(svc.restart).toBe('unless-stopped');
    });
  });

  it('names in each APP build argument an existing apps/<name> directory', () => {
    const missing = appServices(compose)
      .map(([name, svc]) => ({ name, app: String(svc.build?.args?.APP) }))
      .filter(({ app }) => {
        const appDir = join(ROOT, 'apps', app);
        return !(existsSync(appDir) && statSync(appDir).isDirectory());
      })
      .map(({ name, app }) => `service ${name}: APP=${app} but apps/${app}/ does not exist`);
    expect(missing).toEqual([]);
  });

  it('publishes alarm-intake on 3001 and duty-console on 3002 only', () => {
    expect(compose.services['alarm-intake'].ports).toEqual(['3001:3000']);
    expect(compose.services['duty-console'].ports).toEqual(['3002:3000']);
    for (const [name, svc] of appServices(compose)) {
      if (name !== 'alarm-intake' && name !== 'duty-console') expect(svc.ports).toBeUndefined();
    }
  });
});
