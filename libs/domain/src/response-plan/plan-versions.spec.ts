import { BAZHOU_COMMAND_STRUCTURE as REG } from '../command-structure/bazhou-command-structure';
import { DomainError } from '../shared/domain-error';
import { comparePlanVersions, PlanVersions } from './plan-versions';
import { SAMPLE_PLAN } from './sample-plan';
import { owedTasks } from './owed-tasks';

/** The sample plan as an administrator would send it, with a change: T1 also notifies the command room. */
function nextDoc(planVersion = 'seed-2020/3'): any {
  const doc = JSON.parse(JSON.stringify(SAMPLE_PLAN));
  doc.planVersion = planVersion;
  doc.validFrom = '2026-06-01T00:00:00+08:00';
  doc.clauses[0].participants.push({
    rule: 'unit',
    unitId: 'district-command-room',
    role: 'notify',
    deadlines: { acknowledgeSeconds: 600 },
  });
  return doc;
}

const t1Flood = { id: 'i', type: 'flood', tier: 'T1_MINOR' as const, townshipCode: '511902101' };

describe('PlanVersions', () => {
  const v1 = PlanVersions.create(REG, SAMPLE_PLAN);

  it('starts from the sample plan, frozen', () => {
    expect(v1.current.planVersion).toBe('seed-2020/2');
    expect(v1.history).toHaveLength(1);
    expect(Object.isFrozen(v1.current)).toBe(true);
    expect(Object.isFrozen(v1.current.clauses[0].participants[0].deadlines)).toBe(true);
    expect(Object.isFrozen(SAMPLE_PLAN)).toBe(false);
  });

  it('publishes a valid new version as a new value, leaving the old one as it was', () => {
    const result = v1.publish(nextDoc());
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const v2 = result.versions;
    expect(v2.current.planVersion).toBe('seed-2020/3');
    expect(result.plan).toBe(v2.current);
    expect(v2.history.map((p) => p.planVersion)).toEqual(['seed-2020/2', 'seed-2020/3']);
    expect(v1.current.planVersion).toBe('seed-2020/2');
    expect(owedTasks(v1.current, t1Flood, REG)).toHaveLength(1);
    expect(owedTasks(v2.current, t1Flood, REG).map((t) => `${t.unitId}:${t.planVersion}`)).toEqual([
      'township-office-511902101:seed-2020/3',
      'district-command-room:seed-2020/3',
    ]);
    expect(v2.byVersion('seed-2020/2')).toBe(v1.current);
    expect(v2.byVersion('seed-2019/9')).toBeUndefined();
  });

  it('keeps its own copy: changing the document after publishing changes nothing', () => {
    const doc = nextDoc();
    const result = v1.publish(doc);
    if (!result.ok) throw new Error('expected ok');
    doc.clauses[0].participants[0].role = 'notify';
    expect(result.versions.current.clauses[0].participants[0].role).toBe('lead');
  });

  it('refuses a bad document whole, listing every error, and the running plan stays as it was', () => {
    const doc = nextDoc();
    doc.clauses[0].participants[1].unitId = 'dept-nowhere';
    doc.clauses[1].participants[0].requiredCapabilities = ['teleporter'];
    doc.clauses.push({ ...doc.clauses[2] });
    const result = v1.publish(doc);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          pointer: '/clauses/1/participants/0/requiredCapabilities/0',
          message: 'unknown capability "teleporter"',
        },
        {
          pointer: `/clauses/${doc.clauses.length - 1}/id`,
          message: `duplicate clause id "${doc.clauses[2].id}" (first at /clauses/2)`,
        },
        { pointer: '/clauses/0/participants/1/unitId', message: 'unknown unit "dept-nowhere"' },
      ],
    });
    expect(v1.current).toEqual(SAMPLE_PLAN);
    expect(v1.history).toHaveLength(1);
  });

  it('requires a later version, and lists that with the other errors', () => {
    for (const version of ['seed-2020/2', 'seed-2020/0', 'seed-2019/7', 'admin/1']) {
      const result = v1.publish(nextDoc(version));
      expect(result).toEqual({
        ok: false,
        errors: [
          {
            pointer: '/planVersion',
            message: `planVersion "${version}" must come after the current "seed-2020/2"`,
          },
        ],
      });
    }
    const doc = nextDoc('seed-2020/2');
    doc.clauses[0].participants[0].role = 'notify';
    const result = v1.publish(doc);
    // The capability clauses still make the township lead for the types they name.
    expect(!result.ok && result.errors.map((e) => e.message)).toEqual([
      'planVersion "seed-2020/2" must come after the current "seed-2020/2"',
      'tier T1_MINOR for category natural_disaster has no lead for type(s) severe_weather',
      'tier T1_MINOR for category public_health has no lead for type(s) epidemic',
      'tier T1_MINOR for category social_security has no lead',
    ]);
    expect(v1.publish(nextDoc('seed-2020/10')).ok).toBe(true);
    expect(v1.publish(nextDoc('seed-2021/1')).ok).toBe(true);
  });

  it('refuses to start from an invalid plan', () => {
    let err: unknown;
    try {
      PlanVersions.create(REG, { planVersion: 'x/1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'PLAN.INVALID', kind: 'invalid' });
    expect((err as DomainError).details?.errors).toEqual(
      expect.arrayContaining([{ pointer: '/validFrom', message: expect.any(String) }]),
    );
  });
});

describe('comparePlanVersions', () => {
  it.each([
    ['seed-2020/1', 'seed-2020/2', -1],
    ['seed-2020/2', 'seed-2020/10', -1],
    ['seed-2020/10', 'seed-2021/1', -1],
    ['seed-2020/1', 'seed-2020/1', 0],
    ['seed-2020/2', 'seed-2020/2.1', -1],
    ['2', '10', -1],
    ['v1', 'v1-fix', -1],
    ['1.0', '1.00', 0],
    ['b/1', 'a/9', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(comparePlanVersions(a, b)).toBe(expected);
    expect(comparePlanVersions(b, a)).toBe(-expected || 0);
  });
});
