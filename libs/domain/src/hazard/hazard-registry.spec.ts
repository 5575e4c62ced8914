import { classifyIncident } from '../classification/national-classifier';
import { BAZHOU } from '../district/district';
import { DomainError } from '../shared/domain-error';
import { GeoPoint, distanceMetres } from '../shared/geo';
import data from './bazhou-hazard-points.json';
import { HAZARD_KINDS, HazardPoint, HazardPointRecord, RISK_GRADES, hazardContacts } from './hazard-point';
import {
  BAZHOU_HAZARD_SEED,
  BAZHOU_HAZARDS,
  HAZARD_NEAR_RADIUS_METRES,
  HazardRegistry,
} from './hazard-registry';
import { HazardRegisterCache } from './hazard-register-cache';

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

/** A point `metres` due east of another. */
function east(p: GeoPoint, metres: number): GeoPoint {
  return {
    lat: p.lat,
    lon: p.lon + metres / (((6_371_000 * Math.PI) / 180) * Math.cos((p.lat * Math.PI) / 180)),
  };
}

const point = (over: Partial<HazardPoint> = {}): HazardPoint => ({
  id: 'HZ-T-1',
  name: '测试滑坡点',
  kind: 'landslide',
  townshipCode: '511902001',
  position: { lat: 31.86, lon: 106.775 },
  riskGrade: 'high',
  responsiblePerson: { name: '张某某', phone: '13800000091' },
  responsibleLeader: { name: '王某某', phone: '13800000092' },
  sample: true,
  ...over,
});

describe('seeded Bazhou hazard points (fictional sample data)', () => {
  const points = BAZHOU_HAZARDS.points;

  it('are clearly marked as fictional sample data', () => {
    expect(data.sample).toBe(true);
    expect(data.notice).toMatch(/FICTIONAL SAMPLE DATA/);
    expect(data.notice).toMatch(/示例数据/);
    for (const p of points) {
      expect(p.sample).toBe(true);
      expect(p.name).toContain('示例');
    }
  });

  it('number about a dozen, with unique ids', () => {
    expect(points.length).toBeGreaterThanOrEqual(10);
    expect(points.length).toBeLessThanOrEqual(15);
    expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
  });

  it.each(data.points.map((p) => [p.id, p]))(
    '%s has a valid township code and lies within 12 km of its centre',
    (_id, raw) => {
      const township = BAZHOU.township(raw.townshipCode);
      expect(township).toBeDefined();
      const p = BAZHOU_HAZARDS.requirePoint(raw.id);
      expect(distanceMetres(p.position, township!.approxPosition)).toBeLessThanOrEqual(12_000);
      expect(distanceMetres(p.position, township!.approxPosition)).toBeLessThanOrEqual(5_000);
      expect(BAZHOU.locate(p.position)?.code).toBe(raw.townshipCode);
    },
  );

  it('use known kinds and grades, fictional names and reserved test phone numbers', () => {
    for (const p of points) {
      expect(HAZARD_KINDS[p.kind]).toBeDefined();
      expect(RISK_GRADES[p.riskGrade]).toBeDefined();
      for (const person of [p.responsiblePerson, p.responsibleLeader]) {
        expect(person.name).toMatch(/^.某某$/);
        expect(person.phone).toMatch(/^138000000\d\d$/);
      }
    }
  });

  it('cover every risk grade and several kinds', () => {
    expect(new Set(points.map((p) => p.riskGrade))).toEqual(new Set(['major', 'high', 'general', 'low']));
    expect(new Set(points.map((p) => p.kind)).size).toBeGreaterThanOrEqual(6);
  });
});

describe('HazardRegistry', () => {
  const major = BAZHOU_HAZARDS.requirePoint('HZ-511902101-01');
  const low = BAZHOU_HAZARDS.requirePoint('HZ-511902101-02');

  it('finds a point by id, or undefined', () => {
    expect(BAZHOU_HAZARDS.byId('HZ-511902101-01')?.riskGrade).toBe('major');
    expect(BAZHOU_HAZARDS.byId('HZ-nope')).toBeUndefined();
    expect(caught(() => BAZHOU_HAZARDS.requirePoint('HZ-nope'))).toMatchObject({
      code: 'HAZARD.UNKNOWN_POINT',
      kind: 'not_found',
    });
  });

  it('lists a township’s points', () => {
    expect(BAZHOU_HAZARDS.inTownship('511902101').map((p) => p.id)).toEqual([
      'HZ-511902101-01',
      'HZ-511902101-02',
    ]);
    expect(BAZHOU_HAZARDS.inTownship('511902999')).toEqual([]);
  });

  describe('near', () => {
    it('returns points within the radius, nearest first, with distances', () => {
      const here = east(low.position, 50);
      const found = BAZHOU_HAZARDS.near(here, 2_000);
      expect(found.map((n) => n.point.id)).toEqual(['HZ-511902101-02', 'HZ-511902101-01']);
      expect(found[0].distanceMetres).toBeCloseTo(50, 0);
      expect(found[1].distanceMetres).toBeGreaterThan(found[0].distanceMetres);
    });

    it('includes a point exactly at the radius and leaves out one just beyond', () => {
      const here = east(major.position, 300);
      const d = distanceMetres(here, major.position);
      expect(BAZHOU_HAZARDS.near(here, d).map((n) => n.point.id)).toContain(major.id);
      expect(BAZHOU_HAZARDS.near(here, d - 0.01).map((n) => n.point.id)).not.toContain(major.id);
    });

    it('finds a point standing on it at radius 0, and nothing far from every point', () => {
      expect(BAZHOU_HAZARDS.near(major.position, 0).map((n) => n.point.id)).toEqual([major.id]);
      expect(BAZHOU_HAZARDS.near({ lat: 39.9, lon: 116.4 }, 10_000)).toEqual([]);
    });

    it('orders all points by distance with a large radius', () => {
      const all = BAZHOU_HAZARDS.near(BAZHOU.commandRoomPosition, 200_000);
      expect(all).toHaveLength(BAZHOU_HAZARDS.points.length);
      for (let i = 1; i < all.length; i++)
        expect(all[i].distanceMetres).toBeGreaterThanOrEqual(all[i - 1].distanceMetres);
    });

    it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses radius %p', (r) => {
      expect(caught(() => BAZHOU_HAZARDS.near(major.position, r))).toMatchObject({
        code: 'HAZARD.INVALID_RADIUS',
        details: { pointer: '/radiusMetres' },
      });
    });

    it('refuses a bad position', () => {
      expect(caught(() => BAZHOU_HAZARDS.near({ lat: Number.NaN, lon: 106 }, 100))).toMatchObject({
        code: 'HAZARD.INVALID_POSITION',
      });
    });
  });

  describe('alarmContext', () => {
    it('lets the highest grade govern, names everyone to reach, and feeds the classifier', () => {
      const here = east(low.position, 20);
      const ctx = BAZHOU_HAZARDS.alarmContext(here, { radiusMetres: 1_000 });
      expect(ctx.nearby.map((n) => n.point.id)).toEqual([low.id, major.id]);
      expect(ctx.governing?.point.id).toBe(major.id);
      expect(ctx.hazardPoint).toEqual({ id: major.id, name: major.name, riskGrade: 'major' });
      expect(ctx.contacts.map((c) => [c.roleZh, c.name, c.hazardPointId])).toEqual([
        ['责任人', low.responsiblePerson.name, low.id],
        ['责任领导', low.responsibleLeader.name, low.id],
        ['责任人', major.responsiblePerson.name, major.id],
        ['责任领导', major.responsibleLeader.name, major.id],
      ]);
      const c = classifyIncident({ type: 'landslide', hazardPoint: ctx.hazardPoint });
      expect(c.tier).toBe('T2_GENERAL');
      expect(c.reasons[c.reasons.length - 1]).toContain(major.name);
    });

    it('uses a default "near" radius of 500 m', () => {
      expect(HAZARD_NEAR_RADIUS_METRES).toBe(500);
      expect(BAZHOU_HAZARDS.alarmContext(east(low.position, 450)).nearby.map((n) => n.point.id)).toContain(
        low.id,
      );
      expect(
        BAZHOU_HAZARDS.alarmContext(east(low.position, 550)).nearby.map((n) => n.point.id),
      ).not.toContain(low.id);
    });

    it('includes a point the alarm names even without a location, or farther than the radius', () => {
      const named = BAZHOU_HAZARDS.alarmContext(null, { hazardPointId: low.id });
      expect(named.nearby).toEqual([{ point: low, distanceMetres: 0 }]);
      expect(named.governing?.point.id).toBe(low.id);
      const far = BAZHOU_HAZARDS.alarmContext(east(low.position, 3_000), { hazardPointId: low.id });
      expect(far.nearby.map((n) => n.point.id)).toEqual([low.id]);
      expect(far.nearby[0].distanceMetres).toBeCloseTo(3_000, -1);
    });

    it('refuses an unknown named point', () => {
      expect(caught(() => BAZHOU_HAZARDS.alarmContext(null, { hazardPointId: 'HZ-nope' })).code).toBe(
        'HAZARD.UNKNOWN_POINT',
      );
    });

    it('is empty with no point near and none named', () => {
      expect(BAZHOU_HAZARDS.alarmContext({ lat: 39.9, lon: 116.4 })).toEqual({
        nearby: [],
        governing: null,
        hazardPoint: null,
        contacts: [],
      });
      expect(BAZHOU_HAZARDS.alarmContext(null).nearby).toEqual([]);
    });

    it('reaches a person once even when responsible for two nearby points', () => {
      const a = point({ id: 'A' });
      const b = point({ id: 'B', position: east(a.position, 100), riskGrade: 'major' });
      const registry = new HazardRegistry([a, b], BAZHOU);
      const ctx = registry.alarmContext(a.position);
      expect(ctx.contacts).toHaveLength(2);
      expect(ctx.governing?.point.id).toBe('B');
    });
  });

  describe('validation', () => {
    it.each([
      [[point(), point()], '/points/1/id', 'duplicate'],
      [[point({ id: '' })], '/points/0/id', 'id'],
      [[point({ name: ' ' })], '/points/0/name', 'name'],
      [[point({ kind: 'volcano' as never })], '/points/0/kind', 'kind'],
      [[point({ riskGrade: 'extreme' as never })], '/points/0/riskGrade', 'grade'],
      [[point({ townshipCode: '511902999' })], '/points/0/townshipCode', 'township'],
      [[point({ position: { lat: 31.5, lon: 106.2 } })], '/points/0/position', 'beyond'],
      [
        [point({ responsiblePerson: { name: '张某某', phone: '' } })],
        '/points/0/responsiblePerson/phone',
        'phone',
      ],
      [
        [point({ responsibleLeader: { name: '', phone: '13800000099' } })],
        '/points/0/responsibleLeader/name',
        'name',
      ],
    ] as [HazardPoint[], string, string][])('refuses %#: %s', (points, pointer, word) => {
      const e = caught(() => new HazardRegistry(points, BAZHOU));
      expect(e.kind).toBe('invalid');
      expect(e.details).toEqual({ pointer });
      expect(e.message).toContain(word);
    });

    it('refuses a non-finite position', () => {
      expect(
        caught(() => new HazardRegistry([point({ position: { lat: Number.NaN, lon: 1 } })], BAZHOU)).details,
      ).toEqual({
        pointer: '/points/0/position',
      });
    });
  });
});

describe('hazardContacts', () => {
  it('names the responsible person and leader of a point', () => {
    expect(hazardContacts(point())).toEqual([
      {
        name: '张某某',
        phone: '13800000091',
        role: 'responsible_person',
        roleZh: '责任人',
        hazardPointId: 'HZ-T-1',
        hazardPointName: '测试滑坡点',
      },
      {
        name: '王某某',
        phone: '13800000092',
        role: 'responsible_leader',
        roleZh: '责任领导',
        hazardPointId: 'HZ-T-1',
        hazardPointName: '测试滑坡点',
      },
    ]);
  });
});

describe('HazardRegisterCache', () => {
  const records = BAZHOU_HAZARD_SEED.map((p) => ({ ...p, sample: true, revision: 0 }));
  /** The stored register, counting whole reads and single reads. */
  const storeOf = (rows: HazardPointRecord[]) => {
    const reads = { list: 0, get: 0 };
    return {
      reads,
      list: async () => {
        reads.list++;
        return rows;
      },
      get: async (id: string) => {
        reads.get++;
        return rows.find((r) => r.id === id) ?? null;
      },
    };
  };

  it('reads once per interval and shares a read in flight', async () => {
    let now = 0;
    const store = storeOf(records);
    const cache = new HazardRegisterCache(store, BAZHOU, 5_000, () => now);
    const [a, b] = await Promise.all([cache.registry(), cache.registry()]);
    expect(a).toBe(b);
    expect(store.reads.list).toBe(1);
    expect(a.byId('HZ-511902101-01')?.responsiblePerson.name).toBe('张某某');
    now = 4_999;
    await cache.registry();
    expect(store.reads.list).toBe(1);
    now = 5_000;
    await cache.registry();
    expect(store.reads.list).toBe(2);
  });

  it('reads a point it does not know on its own, not the whole register again', async () => {
    const rows = [...records];
    const store = storeOf(rows);
    const cache = new HazardRegisterCache(store, BAZHOU, 5_000, () => 0);
    expect((await cache.point('HZ-511902101-01'))?.name).toBe(records[0].name);
    expect(store.reads).toEqual({ list: 1, get: 0 });
    rows.push({ ...records[0], id: 'HZ-NEW' });
    expect((await cache.point('HZ-NEW'))?.id).toBe('HZ-NEW');
    expect(await cache.point('HZ-NOWHERE')).toBeUndefined();
    expect(store.reads).toEqual({ list: 1, get: 2 });
  });

  it('leaves out a stored row without a named monitor and person in charge', async () => {
    const broken = { ...records[0], id: 'HZ-BROKEN', responsiblePersons: [] };
    const cache = new HazardRegisterCache(storeOf([...records, broken]), BAZHOU);
    const registry = await cache.registry();
    expect(registry.byId('HZ-BROKEN')).toBeUndefined();
    expect(registry.points).toHaveLength(records.length);
    expect(await cache.point('HZ-BROKEN')).toBeUndefined();
  });
});
