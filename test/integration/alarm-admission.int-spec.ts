import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AlarmReport, BAZHOU, CurrentDistrict, HazardRegisterCache, ManualClock } from '@erp/domain';
import { AlarmAdmission, MAX_ALARMS_PER_COMMIT, MAX_COMMITS_IN_FLIGHT } from '@erp/intake';
import { StoresOn } from '@erp/persistence';
import { CountingUnitOfWork, migratedDatabase } from '../support/database';
import { uniqueSuffix } from '../support/services';

const NOW = new Date('2026-11-30T08:00:00Z');

function report(externalId: string, overrides: Partial<AlarmReport> = {}): AlarmReport {
  return {
    source: 'test-sensor',
    externalId,
    type: 'fire',
    occurredAt: new Date('2026-11-30T07:58:00Z'),
    townshipCode: '511902001',
    description: '测试告警 test alarm',
    ...overrides,
  };
}

describe('AlarmAdmission (group commit) on real PostgreSQL', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let uow: CountingUnitOfWork;
  let admission: AlarmAdmission;
  let clock: ManualClock;
  let stores: StoresOn;

  beforeAll(async () => {
    ({ ds, close } = await migratedDatabase());
    clock = new ManualClock(NOW);
    uow = new CountingUnitOfWork(ds, clock);
    stores = new StoresOn(ds.manager);
    admission = new AlarmAdmission(
      uow,
      clock,
      new HazardRegisterCache(stores.hazardPoints, BAZHOU),
      new CurrentDistrict(() => stores.units.townshipPoints(), BAZHOU),
    );
  });

  afterAll(() => close());

  beforeEach(() => uow.reset());

  /** Alarms and outbox rows whose external id starts with `prefix`. */
  async function stored(prefix: string): Promise<{ alarms: number; outbox: number }> {
    const [row] = await ds.query(
      `SELECT (SELECT count(*)::int FROM alarms WHERE external_id LIKE $1 || '%') AS alarms,
              (SELECT count(*)::int FROM outbox WHERE envelope->'payload'->>'externalId' LIKE $1 || '%') AS outbox`,
      [prefix],
    );
    return row;
  }

  it('admits 300 concurrent alarms in a few transactions, each caller with its own receipt and event', async () => {
    const prefix = `burst-${uniqueSuffix()}-`;
    const receipts = await Promise.all(
      Array.from({ length: 300 }, (_, i) => admission.admit(report(prefix + i), `req-${prefix}${i}`)),
    );

    expect(receipts.every((r) => r.duplicate === false)).toBe(true);
    expect(new Set(receipts.map((r) => r.alarmId)).size).toBe(300);
    expect(uow.transactions).toBe(Math.ceil(300 / MAX_ALARMS_PER_COMMIT));
    expect(uow.mostAtOnce).toBeLessThanOrEqual(MAX_COMMITS_IN_FLIGHT);
    expect(await stored(prefix)).toEqual({ alarms: 300, outbox: 300 });
    // Each receipt names the alarm stored under its external id, and each event carries its own request.
    const rows: { external_id: string; id: string; causation: string; correlation: string }[] =
      await ds.query(
        `SELECT a.external_id, a.id, o.envelope->>'causationId' AS causation, o.envelope->>'correlationId' AS correlation
       FROM alarms a JOIN outbox o ON o.envelope->'payload'->>'alarmId' = a.id::text
       WHERE a.external_id LIKE $1 || '%'`,
        [prefix],
      );
    const byExternalId = new Map(rows.map((r) => [r.external_id, r]));
    receipts.forEach((receipt, i) => {
      const row = byExternalId.get(prefix + i);
      expect(row).toEqual({
        external_id: prefix + i,
        id: receipt.alarmId,
        causation: `req-${prefix}${i}`,
        correlation: receipt.alarmId,
      });
    });
  });

  it('alarms arriving turn after turn wait for the commits in flight and go in the next', async () => {
    const prefix = `stream-${uniqueSuffix()}-`;
    const pending = [];
    for (let i = 0; i < 300; i++) {
      pending.push(admission.admit(report(prefix + i), `req-${prefix}${i}`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const receipts = await Promise.all(pending);

    expect(new Set(receipts.map((r) => r.alarmId)).size).toBe(300);
    expect(uow.mostAtOnce).toBeLessThanOrEqual(MAX_COMMITS_IN_FLIGHT);
    // One commit per alarm would be 300; 30 was crossed by one (31) on a quiet CI run, so 5 on average.
    expect(uow.transactions).toBeLessThan(60);
    expect(await stored(prefix)).toEqual({ alarms: 300, outbox: 300 });
  });

  it('answers a copy with the first alarm id, duplicate, and no event: within one commit and of a stored alarm', async () => {
    const prefix = `copy-${uniqueSuffix()}-`;
    const earlier = await admission.admit(report(`${prefix}stored`), 'req-earlier');
    uow.reset();

    const [first, sameCommit, ofStored, other] = await Promise.all([
      admission.admit(report(`${prefix}twice`), 'req-1'),
      admission.admit(report(`${prefix}twice`, { description: '同一告警再报 sent again' }), 'req-2'),
      admission.admit(report(`${prefix}stored`), 'req-3'),
      admission.admit(report(`${prefix}other`), 'req-4'),
    ]);

    expect(uow.transactions).toBe(1);
    expect(first.duplicate).toBe(false);
    expect(sameCommit).toEqual({ alarmId: first.alarmId, duplicate: true });
    expect(ofStored).toEqual({ alarmId: earlier.alarmId, duplicate: true });
    expect(other.duplicate).toBe(false);
    expect(await stored(prefix)).toEqual({ alarms: 3, outbox: 3 });
    const [kept] = await ds.query(`SELECT description FROM alarms WHERE id = $1`, [first.alarmId]);
    expect(kept.description).toBe('测试告警 test alarm');
  });

  it('refuses an alarm the domain refuses to its caller alone, before it joins a commit', async () => {
    const prefix = `domain-${uniqueSuffix()}-`;
    const results = await Promise.allSettled([
      admission.admit(report(`${prefix}good-1`), 'req-1'),
      admission.admit(report(`${prefix}hazard`, { hazardPointId: 'HZ-nope' }), 'req-2'),
      admission.admit(report(`${prefix}township`, { townshipCode: '511902999' }), 'req-3'),
      admission.admit(report(`${prefix}good-2`), 'req-4'),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'ALARM.UNKNOWN_HAZARD_POINT',
    });
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'DISTRICT.UNKNOWN_TOWNSHIP' });
    expect(uow.transactions).toBe(1);
    expect(await stored(prefix)).toEqual({ alarms: 2, outbox: 2 });
  });

  it('fails only the callers whose alarm the database refuses; the rest of the commit is retried alarm by alarm', async () => {
    const prefix = `refused-${uniqueSuffix()}-`;
    // Refused after the alarm row went in: a half-written alarm would be left without its event.
    await ds.query(`CREATE FUNCTION refuse_poisoned_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.envelope->'payload'->>'externalId' LIKE '%poisoned-event' THEN RAISE EXCEPTION 'poisoned event'; END IF;
        RETURN NEW;
      END $$`);
    await ds.query(`CREATE TRIGGER refuse_poisoned_event BEFORE INSERT ON outbox
      FOR EACH ROW EXECUTE FUNCTION refuse_poisoned_event()`);
    try {
      const goods = Array.from({ length: 8 }, (_, i) => report(`${prefix}good-${i}`));
      const results = await Promise.allSettled([
        ...goods.map((r, i) => admission.admit(r, `req-good-${i}`)),
        // PostgreSQL stores no NUL character in text.
        admission.admit(report(`${prefix}nul`, { description: 'bad\u0000byte' }), 'req-nul'),
        admission.admit(report(`${prefix}poisoned-event`), 'req-poisoned'),
        admission.admit(report(`${prefix}good-0`), 'req-copy'),
      ]);

      const receipts = results.slice(0, 8).map((r) => {
        expect(r.status).toBe('fulfilled');
        return (r as PromiseFulfilledResult<{ alarmId: string; duplicate: boolean }>).value;
      });
      expect(receipts.every((r) => !r.duplicate)).toBe(true);
      expect(results[8]).toMatchObject({
        status: 'rejected',
        // PostgreSQL refuses U+0000 in text (0x00) and in jsonb (unsupported Unicode escape).
        reason: { message: expect.stringMatching(/0x00|Unicode escape/) },
      });
      expect(results[9]).toMatchObject({ status: 'rejected', reason: { message: 'poisoned event' } });
      expect(results[10]).toEqual({
        status: 'fulfilled',
        value: { alarmId: receipts[0].alarmId, duplicate: true },
      });
      // The group commit, then one transaction per alarm: 9 commit, the 2 refused roll back.
      expect(uow.transactions).toBe(1 + 11);
      expect(uow.committed).toBe(9);
      expect(await stored(`${prefix}good-`)).toEqual({ alarms: 8, outbox: 8 });
      expect(await stored(`${prefix}nul`)).toEqual({ alarms: 0, outbox: 0 });
      expect(await stored(`${prefix}poisoned-event`)).toEqual({ alarms: 0, outbox: 0 });
    } finally {
      await ds.query(`DROP TRIGGER refuse_poisoned_event ON outbox`);
      await ds.query(`DROP FUNCTION refuse_poisoned_event()`);
    }
  });

  it('places an alarm by the township points as the commander corrected them', async () => {
    const prefix = `placed-${uniqueSuffix()}-`;
    const here = BAZHOU.township('511902001')!.approxPosition;
    const near = { lat: here.lat + 0.003, lon: here.lon };
    const townshipOf = async (externalId: string) =>
      (await ds.query(`SELECT township_code FROM alarms WHERE external_id = $1`, [externalId]))[0]
        .township_code;
    // Read afresh each time (no interval), so the correction counts at once.
    const fresh = new AlarmAdmission(
      uow,
      clock,
      new HazardRegisterCache(stores.hazardPoints, BAZHOU),
      new CurrentDistrict(() => stores.units.townshipPoints(), BAZHOU, 0),
    );
    const located = (externalId: string) =>
      fresh.admit(report(externalId, { townshipCode: undefined, location: near }), `req-${externalId}`);

    await located(`${prefix}before`);
    expect(await townshipOf(`${prefix}before`)).toBe('511902001');

    const shipped = BAZHOU.township('511902002')!.approxPosition;
    await stores.units.correctTownshipPoint('511902002', { lat: here.lat + 0.002, lon: here.lon });
    try {
      await located(`${prefix}after`);
      expect(await townshipOf(`${prefix}after`)).toBe('511902002');
    } finally {
      await stores.units.correctTownshipPoint('511902002', shipped);
    }
  });
});
