import fc from 'fast-check';
import { IntakeModule } from '@erp/intake';
import { RunningService } from '@erp/platform';
import { startTestService } from '../support/product';
import { createTestDatabase, TestDatabase } from '../support/services';

/**
 * Property: whatever a source sends as an alarm, single or in a batch, a real running intake on a real
 * PostgreSQL never answers 5xx. Generated alarms are valid-ish (most fields right, one or two wrong) and
 * hostile: lone surrogates and NUL, huge and non-finite numbers, odd and out-of-range dates, nested junk,
 * unknown fields. A failure prints fast-check's seed and the shrunk body; FUZZ_SEED replays it.
 */
const KEY = 'fuzz-source-key-0001';
const TOWNSHIPS = ['511902001', '511902101', '511902204', '511902999', '511903001', '000000000'];
/**
 * Placeholders that become raw JSON number literals JSON.stringify cannot write (1e400 parses to Infinity);
 * `__DEEP_<n>__` becomes n nested arrays.
 */
const RAW_NUMBERS: Record<string, string> = {
  '"__HUGE__"': '1e400',
  '"__NEG_HUGE__"': '-1e400',
  '"__LONG_INT__"': '123456789012345678901234567890',
  '"__TINY__"': '1e-400',
};

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('a\ud800b', '\udc00', 'x\u0000y', '\u202e', '', ' ', '\ufeff', '𠀀🔥', 'null', '<script>'),
  fc.string({ maxLength: 20 }).map((s) => s.repeat(300)),
);
const oddDate = fc.oneof(
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '0001-01-01T00:00:00+08:00',
    '0000-01-01T00:00:00Z',
    '1000-06-01T12:00:00+08:00',
    '1969-12-31T23:59:59Z',
    '9999-12-31T23:59:59+14:00',
    '+275760-09-13T00:00:00Z',
    '2026-02-30T00:00:00+08:00',
    '2026-11-30T23:59:60+08:00',
    '2026-11-30T08:00:00+24:00',
    '2026-11-30T08:00:00',
    'yesterday',
  ),
  fc
    .integer({ min: -10 * 86_400_000, max: 10 * 86_400_000 })
    .map((ms) => new Date(Date.now() + ms).toISOString()),
);
const hugeNumber = fc.oneof(
  fc.double(),
  fc.constantFrom('__HUGE__', '__NEG_HUGE__', '__LONG_INT__', '__TINY__', Number.MAX_SAFE_INTEGER + 2, -0),
  fc.integer({ min: -1, max: 1_000_000 }),
);
const junk = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: false }),
  // Deep nesting goes in as text (rawJson): the client's own JSON.stringify would overflow its stack.
  fc.integer({ min: 1, max: 50_000 }).map((depth) => `__DEEP_${depth}__`),
  hostileText,
);

/** A field's value: usually a fitting one, sometimes anything at all. */
const either = <T>(fitting: fc.Arbitrary<T>, weight = 15) =>
  fc.oneof({ arbitrary: fitting, weight }, { arbitrary: fc.oneof(hostileText, hugeNumber, junk), weight: 1 });

const alarm = fc
  .record(
    {
      source: fc.oneof(
        { arbitrary: fc.constant('demo-source'), weight: 9 },
        { arbitrary: hostileText, weight: 1 },
      ),
      externalId: either(fc.uuid()),
      type: either(
        fc.constantFrom('fire', 'flood', 'landslide', 'traffic_accident', 'public_security', 'Fire!'),
      ),
      occurredAt: fc.oneof(
        { arbitrary: oddDate, weight: 1 },
        { arbitrary: fc.constant('recent'), weight: 2 },
      ),
      townshipCode: either(fc.constantFrom(...TOWNSHIPS)),
      location: either(
        fc.record({
          lat: either(fc.double({ min: 31, max: 32.5 })),
          lon: either(fc.double({ min: 106, max: 107.5 })),
        }),
      ),
      description: either(fc.string({ minLength: 1, maxLength: 200 })),
      category: either(
        fc.constantFrom('natural_disaster', 'accident_disaster', 'public_health', 'social_security'),
      ),
      casualties: either(
        fc.record(
          {
            deaths: either(fc.nat(50)),
            missing: either(fc.nat(50)),
            seriousInjuries: hugeNumber,
            trapped: either(fc.nat(50)),
          },
          { requiredKeys: [] },
        ),
      ),
      economicLossCny: either(fc.nat(1_000_000_000)),
      affectedAreaHa: either(fc.double({ min: 0, max: 10_000, noNaN: true })),
      personsThreatened: either(fc.nat(100_000)),
      hazardPointId: either(fc.constantFrom('HZ-511902101-01', 'no-such-point')),
      reporter: either(
        fc.record(
          { name: hostileText, phone: either(fc.constant('138-0000-0001')), role: hostileText },
          { requiredKeys: [] },
        ),
      ),
      exercise: either(fc.boolean()),
      [`x-${'extra'}`]: junk,
    },
    { requiredKeys: ['source', 'externalId', 'type', 'occurredAt', 'description'] },
  )
  .map((a) =>
    a.occurredAt === 'recent' ? { ...a, occurredAt: new Date(Date.now() - 60_000).toISOString() } : a,
  );

/** A fitting alarm with exactly one field, at any depth, replaced by something hostile: reaches the deep paths. */
const FIELDS = [
  ['externalId'],
  ['type'],
  ['occurredAt'],
  ['townshipCode'],
  ['description'],
  ['category'],
  ['casualties', 'deaths'],
  ['economicLossCny'],
  ['personsThreatened'],
  ['reporter', 'name'],
  ['reporter', 'role'],
  ['reporter', 'phone'],
  ['location', 'lat'],
  ['exercise'],
];
const oneHostileField = fc
  .record({
    path: fc.constantFrom(...FIELDS),
    value: fc.oneof(hostileText, hugeNumber, junk, oddDate),
    externalId: fc.uuid(),
  })
  .map(({ path, value, externalId }) => {
    const a: Record<string, any> = {
      source: 'demo-source',
      externalId,
      type: 'fire',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      townshipCode: '511902001',
      description: '民房起火',
      casualties: { deaths: 0 },
      reporter: { name: '王某', role: '灾情信息员' },
    };
    if (path.length === 2) a[path[0]] = { ...(a[path[0]] ?? {}), [path[1]]: value };
    else a[path[0]] = value;
    return a;
  });

const body = fc.oneof(
  { arbitrary: oneHostileField.map((a) => ({ path: '/api/v1/alarms', value: a as unknown })), weight: 4 },
  {
    arbitrary: fc
      .array(oneHostileField, { minLength: 1, maxLength: 10 })
      .map((alarms) => ({ path: '/api/v1/alarms/batch', value: { alarms } as unknown })),
    weight: 1,
  },
  { arbitrary: alarm.map((a) => ({ path: '/api/v1/alarms', value: a as unknown })), weight: 4 },
  {
    arbitrary: fc
      .array(alarm, { minLength: 1, maxLength: 20 })
      .map((alarms) => ({ path: '/api/v1/alarms/batch', value: { alarms } as unknown })),
    weight: 1,
  },
  { arbitrary: junk.map((value) => ({ path: '/api/v1/alarms', value })), weight: 1 },
);

function rawJson(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [placeholder, literal] of Object.entries(RAW_NUMBERS))
    text = text.split(placeholder).join(literal);
  return text;
}

describe('alarm intake under generated input (fast-check)', () => {
  let db: TestDatabase;
  let app: RunningService;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    db = await createTestDatabase('erp_e2e_fuzz');
    app = await startTestService(
      'fuzz',
      { DATABASE_URL: db.url, DEMO_SOURCE_KEY: KEY, MAX_BODY_BYTES: String(256 * 1024) },
      [IntakeModule],
      { relay: false },
    );
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await db?.drop();
  });

  it('never answers 5xx, for any alarm or batch a source may send', async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(body, async ({ path, value }) => {
        const res = await fetch(`${app.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': KEY },
          body: rawJson(value),
        });
        const answer = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status >= 500) throw new Error(`${res.status} ${answer.slice(0, 500)}`);
        const parsed = JSON.parse(answer);
        if (res.status >= 400) expect(parsed.error.code).toEqual(expect.any(String));
        if (path.endsWith('batch') && res.status === 200) {
          for (const item of parsed.results) expect(item.status).toBeLessThan(500);
        }
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 1500),
        seed,
        interruptAfterTimeLimit: 90_000,
        endOnFailure: false,
      },
    );
    process.stdout.write(`fuzz: answers by status ${JSON.stringify(Object.fromEntries(statuses))}\n`);
    // The generators reach both sides: some alarms accepted, many refused.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
