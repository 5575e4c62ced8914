import { DateWindow } from '@erp/domain';
import { PoisonRecord } from '@erp/event-stream';
import { decodeAlarmSubmission } from './alarm-submission.decoder';

const valid = {
  source: 'water-level-sensor-07',
  externalId: 'WL-2026-0001',
  type: 'flood',
  occurredAt: '2026-07-01T03:10:00+08:00',
  townshipCode: '511902001',
  description: '巴河水位超警戒',
};

const window = new DateWindow(new Date('1970-01-01T00:00:00Z'), 24 * 3_600_000);
const now = new Date('2026-07-01T03:20:00+08:00');
const decode = (value: string) => decodeAlarmSubmission(value, window, now);

function reasonOf(value: string): string {
  try {
    decode(value);
  } catch (e) {
    expect(e).toBeInstanceOf(PoisonRecord);
    return (e as PoisonRecord).reason;
  }
  throw new Error('decoded');
}

describe('decodeAlarmSubmission (machine sources on Kafka)', () => {
  it('decodes the JSON alarm the HTTP API takes', () => {
    expect(decode(JSON.stringify(valid))).toEqual(valid);
  });

  it('calls bytes that are not JSON poison', () => {
    expect(reasonOf('{not json')).toMatch(/^not JSON: /);
    expect(reasonOf('')).toMatch(/^not JSON: /);
  });

  it('names every schema problem by JSON pointer', () => {
    const { description: _d, ...rest } = valid;
    const reason = reasonOf(JSON.stringify({ ...rest, type: 'Fire!', location: { lat: 123, lon: 106 } }));
    expect(reason).toMatch(/^invalid alarm: /);
    for (const pointer of ['/type', '/description', '/location/lat']) expect(reason).toContain(pointer);
  });

  it('points at the root for JSON that is not an object', () => {
    expect(reasonOf('42')).toMatch(/^invalid alarm: \/ /);
  });
});

describe('decodeAlarmSubmission: text PostgreSQL cannot store', () => {
  it('makes a record with a NUL character poison, naming it, instead of failing at the database for ever', () => {
    const value = JSON.stringify({
      source: 'sensor-net',
      externalId: 'EXT-NUL',
      type: 'fire',
      occurredAt: '2026-03-01T15:58:00+08:00',
      townshipCode: '511902101',
      description: 'smoke\u0000seen',
    });
    expect(() => decode(value)).toThrow(PoisonRecord);
    expect(reasonOf(value)).toMatch(/^\/description .*NUL character \(U\+0000\)/);
  });

  it('makes a lone surrogate in any text poison, naming the field', () => {
    for (const [field, pointer] of [
      [{ description: 'a\ud800b' }, '/description'],
      [{ externalId: '\udc00' }, '/externalId'],
      [{ reporter: { name: 'x\ud83d' } }, '/reporter/name'],
    ] as const) {
      expect(reasonOf(JSON.stringify({ ...valid, ...field }))).toMatch(
        new RegExp(`^${pointer} .*lone UTF-16 surrogate`),
      );
    }
  });
});

describe('decodeAlarmSubmission: dates outside the accepted window', () => {
  it('makes year 1, year 1000 and a date days ahead poison, naming occurredAt', () => {
    for (const occurredAt of [
      '0001-01-01T00:00:00+08:00',
      '1000-06-01T12:00:00+08:00',
      '2026-07-09T00:00:00+08:00',
    ]) {
      expect(reasonOf(JSON.stringify({ ...valid, occurredAt }))).toMatch(/^invalid alarm: \/occurredAt /);
    }
  });
});
