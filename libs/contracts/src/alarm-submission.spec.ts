import { fieldErrors } from './validation';
import { AlarmSubmissionSchema } from './alarm-submission';

const valid = {
  source: '119-center',
  externalId: 'EXT-2026-0001',
  type: 'landslide',
  occurredAt: '2026-03-01T15:58:00+08:00',
  townshipCode: '511902101',
  description: '清江镇某村山体滑坡，两户受困',
};

/** The JSON pointers of every problem with a body, or [] when it parses. */
function pointers(body: unknown): string[] {
  const result = AlarmSubmissionSchema.safeParse(body);
  return result.success ? [] : fieldErrors(result.error).map((e) => e.pointer);
}

function without(key: keyof typeof valid): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...valid };
  delete copy[key];
  return copy;
}

describe('AlarmSubmissionSchema', () => {
  it('accepts a valid body with a township code', () => {
    const result = AlarmSubmissionSchema.safeParse(valid);
    expect(result.success).toBe(true);
    expect(result.data).toEqual(valid);
  });

  it('accepts a body placed only by location', () => {
    const { townshipCode: _t, ...rest } = valid;
    expect(pointers({ ...rest, location: { lat: 31.85, lon: 106.77 } })).toEqual([]);
  });

  it('accepts a UTC timestamp with Z', () => {
    expect(pointers({ ...valid, occurredAt: '2026-03-01T07:58:00.000Z' })).toEqual([]);
  });

  it.each(['externalId', 'occurredAt', 'description', 'source', 'type'] as const)(
    'names a missing %s by pointer',
    (key) => {
      expect(pointers(without(key))).toEqual([`/${key}`]);
    },
  );

  it('refuses an empty description', () => {
    expect(pointers({ ...valid, description: '' })).toEqual(['/description']);
  });

  it('refuses an occurredAt without an offset', () => {
    const result = AlarmSubmissionSchema.safeParse({ ...valid, occurredAt: '2026-03-01 15:58' });
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual([
      { pointer: '/occurredAt', message: 'must be an ISO 8601 date-time with offset' },
    ]);
  });

  it('refuses a latitude of 123 at /location/lat', () => {
    expect(pointers({ ...valid, location: { lat: 123, lon: 106.77 } })).toEqual(['/location/lat']);
  });

  it('refuses a longitude of -200 at /location/lon', () => {
    expect(pointers({ ...valid, location: { lat: 31.85, lon: -200 } })).toEqual(['/location/lon']);
  });

  it('accepts the extreme coordinates', () => {
    expect(pointers({ ...valid, location: { lat: -90, lon: 180 } })).toEqual([]);
  });

  it('requires a township code or a location, pointing at /townshipCode', () => {
    const result = AlarmSubmissionSchema.safeParse(without('townshipCode'));
    expect(result.success).toBe(false);
    expect(fieldErrors(result.error!)).toEqual([
      { pointer: '/townshipCode', message: 'townshipCode or location is required' },
    ]);
  });

  it.each(['123', '5119021010', '51190210a', ''])('refuses townshipCode %j', (code) => {
    expect(pointers({ ...valid, townshipCode: code })).toEqual(['/townshipCode']);
  });

  it.each(['Fire!', 'Fire', 'forest-fire', '1fire', ''])('refuses type %j', (type) => {
    expect(pointers({ ...valid, type })).toEqual(['/type']);
  });

  it('accepts snake_case types', () => {
    expect(pointers({ ...valid, type: 'forest_fire' })).toEqual([]);
  });

  it('refuses an extra key in location (strict)', () => {
    expect(pointers({ ...valid, location: { lat: 31.85, lon: 106.77, alt: 300 } })).toEqual(['/location']);
  });

  it('refuses a location given as strings', () => {
    expect(pointers({ ...valid, location: { lat: '31.85', lon: 106.77 } })).toEqual(['/location/lat']);
  });

  it('refuses over-long fields', () => {
    expect(pointers({ ...valid, description: 'x'.repeat(4001) })).toEqual(['/description']);
    expect(pointers({ ...valid, externalId: 'x'.repeat(201) })).toEqual(['/externalId']);
  });

  it('refuses a body that is not an object', () => {
    expect(pointers(null)).toEqual(['/']);
  });
});
