import { BAZHOU } from '../district/district';
import { HazardPointRecord } from '../hazard/hazard-point';
import { BAZHOU_HAZARD_SEED } from '../hazard/hazard-registry';
import {
  endWarning,
  isWarningExpired,
  moveWarningTask,
  planWarningTasks,
  WARNING_TASK_LADDER,
  warningDeadlineOpen,
  warningLadderDueAt,
  WarningRecord,
  WarningTaskRecord,
} from './warning';
import { warningAreaContains, warningAreaOf } from './warning-area';
import { TieredResponsePlanSchema } from '../response-plan/plan-document';
import { SAMPLE_PLAN } from '../response-plan/sample-plan';
import {
  DEFAULT_WARNING_CLAUSES,
  WarningClauseSchema,
  warningClausesOf,
  warningHazardTypeOf,
} from './warning-clauses';

const NOW = new Date('2026-07-06T00:00:00Z');
const points: HazardPointRecord[] = BAZHOU_HAZARD_SEED.map((p) => ({ ...p, sample: true, revision: 0 }));
const GEOLOGICAL = ['landslide', 'collapse', 'debris_flow', 'ground_subsidence'];

function warning(overrides: Partial<WarningRecord> = {}): WarningRecord {
  return {
    id: 'w-1',
    source: 'weather',
    identifiers: ['a-1'],
    sender: '巴州区气象局',
    event: '暴雨',
    hazardType: 'rainstorm',
    colour: 'orange',
    headline: null,
    area: warningAreaOf(
      { description: '巴州区', adminCodes: ['511902'], polygons: [], circles: [] },
      BAZHOU,
    )!,
    issuedAt: NOW,
    effectiveAt: NOW,
    expiresAt: new Date(NOW.getTime() + 3600_000),
    status: 'active',
    endedAt: null,
    endReason: null,
    revision: 0,
    ...overrides,
  };
}

const given = (w: WarningRecord, existing: WarningTaskRecord[] = []) =>
  planWarningTasks(w, existing, points, DEFAULT_WARNING_CLAUSES, NOW);
const withIds = (tasks: Omit<WarningTaskRecord, 'id'>[]): WarningTaskRecord[] =>
  tasks.map((t, i) => ({ ...t, id: `t-${i}` }));

describe('warning area', () => {
  it('township codes name townships; shapes alone must touch the district; elsewhere is null', () => {
    const towns = warningAreaOf(
      { description: '', adminCodes: ['511902101', '511902105000'], polygons: [], circles: [] },
      BAZHOU,
    )!;
    expect(towns).toMatchObject({ wholeDistrict: false, townshipCodes: ['511902101', '511902105'] });
    expect(warningAreaContains(towns, { lat: 0, lon: 0 }, '511902101')).toBe(true);
    expect(warningAreaContains(towns, { lat: 0, lon: 0 }, '511902001')).toBe(false);
    const qingjiang = BAZHOU.township('511902101')!.approxPosition;
    const circle = warningAreaOf(
      { description: '', adminCodes: [], polygons: [], circles: [{ center: qingjiang, radiusKm: 3 }] },
      BAZHOU,
    );
    expect(circle).not.toBeNull();
    expect(
      warningAreaOf(
        {
          description: 'Nevada',
          adminCodes: ['032013'],
          polygons: [
            [
              { lat: 41, lon: -117 },
              { lat: 41, lon: -118 },
              { lat: 40, lon: -118 },
              { lat: 41, lon: -117 },
            ],
          ],
          circles: [],
        },
        BAZHOU,
      ),
    ).toBeNull();
  });
});

describe('warning tasks', () => {
  it('orange over the district: patrol for every geological point monitor, standby for the person in charge, no evacuation', () => {
    const { add, standDown } = given(warning());
    expect(standDown).toEqual([]);
    const geo = points.filter((p) => GEOLOGICAL.includes(p.kind));
    const patrols = add.filter((t) => t.action === 'patrol' && t.assigneeRole === 'monitor');
    expect(patrols.filter((t) => geo.some((p) => p.id === t.hazardPointId))).toHaveLength(geo.length);
    expect(add.filter((t) => t.action === 'standby')).toHaveLength(geo.length);
    expect(add.some((t) => t.action === 'evacuate')).toBe(false);
    expect(add.every((t) => t.acknowledgeDueAt > NOW && t.completeDueAt > t.acknowledgeDueAt)).toBe(true);
  });

  it('yellow only patrols; blue and a colourless or unknown-hazard warning task nobody', () => {
    expect(new Set(given(warning({ colour: 'yellow' })).add.map((t) => t.action))).toEqual(
      new Set(['patrol']),
    );
    expect(given(warning({ colour: 'blue' })).add).toEqual([]);
    expect(given(warning({ colour: null })).add).toEqual([]);
    expect(given(warning({ hazardType: 'other', colour: 'red' })).add).toEqual([]);
  });

  it('red adds evacuation once; existing tasks are not given twice', () => {
    const orange = withIds(given(warning()).add);
    const red = given(warning({ colour: 'red' }), orange);
    expect(new Set(red.add.map((t) => t.action))).toEqual(new Set(['evacuate']));
    expect(red.standDown).toEqual([]);
  });

  it('a downgrade stands down what is owed no more; the end stands down every open task', () => {
    const red = withIds(given(warning({ colour: 'red' })).add);
    red[0] = { ...red[0], status: 'completed' };
    const yellow = given(warning({ colour: 'yellow' }), red);
    expect(yellow.add).toEqual([]);
    // Yellow owes geological patrols only: standby, evacuation and the flood points' patrols go.
    const kindOf = (id: string) => points.find((p) => p.id === id)!.kind;
    const stillOwed = (t: WarningTaskRecord) =>
      t.action === 'patrol' && GEOLOGICAL.includes(kindOf(t.hazardPointId));
    const left = red.filter((t) => !stillOwed(t) && t.status !== 'completed');
    expect(yellow.standDown.map((s) => s.taskId).sort()).toEqual(left.map((t) => t.id).sort());
    const ended = endWarning(warning({ colour: 'red' }), 'cancelled', NOW)!;
    const end = given(ended, red);
    expect(end.add).toEqual([]);
    expect(end.standDown).toHaveLength(red.length - 1);
    expect(end.standDown[0].reason).toContain('cancelled');
    expect(endWarning(ended, 'expired', NOW)).toBeNull();
  });

  it('expiry is due at expiresAt, never without one', () => {
    expect(isWarningExpired(warning(), NOW)).toBe(false);
    expect(isWarningExpired(warning(), new Date(NOW.getTime() + 3600_000))).toBe(true);
    expect(isWarningExpired(warning({ expiresAt: null }), new Date(9e15))).toBe(false);
  });

  it('a task moves dispatched → acknowledged → completed, and no further', () => {
    const [task] = withIds(given(warning()).add);
    const acked = moveWarningTask(task, 'acknowledge', NOW);
    expect(acked.status).toBe('acknowledged');
    const done = moveWarningTask(acked, 'complete', NOW);
    expect(done.status).toBe('completed');
    expect(() => moveWarningTask(done, 'acknowledge', NOW)).toThrow(/cannot acknowledge/);
    expect(() => moveWarningTask({ ...task, status: 'cancelled' }, 'complete', NOW)).toThrow(
      /WARNING_TASK|cannot/,
    );
  });

  it('reads the hazard type from the event or the eventType code', () => {
    expect(warningHazardTypeOf('暴雨')).toBe('rainstorm');
    expect(warningHazardTypeOf('11B03', '11B03')).toBe('rainstorm');
    expect(warningHazardTypeOf('地质灾害气象风险')).toBe('geological');
    expect(warningHazardTypeOf('Flood Warning')).toBe('flood');
    expect(warningHazardTypeOf('大风')).toBe('other');
  });
});

describe('warning clauses in the plan', () => {
  it('the sample plan carries the default clauses, and they pass the plan schema', () => {
    expect(warningClausesOf(SAMPLE_PLAN)).toEqual(DEFAULT_WARNING_CLAUSES);
    expect(warningClausesOf(null)).toBe(DEFAULT_WARNING_CLAUSES);
    expect(TieredResponsePlanSchema.safeParse(SAMPLE_PLAN).success).toBe(true);
  });

  it('a bad warning clause is refused with every error', () => {
    const bad = {
      id: 'has space',
      hazardTypes: ['volcano'],
      colours: [],
      pointKinds: ['landslide'],
      tasks: [{ action: 'patrol', to: 'mayor', acknowledgeSeconds: 600, completeSeconds: 60 }],
    };
    const result = WarningClauseSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('/')).sort()).toEqual(
      ['colours', 'hazardTypes/0', 'id', 'tasks/0/to'].sort(),
    );
    const late = { ...bad, id: 'ok', hazardTypes: ['rainstorm'], colours: ['red'] };
    late.tasks = [{ ...late.tasks[0], to: 'monitor' }];
    expect(WarningClauseSchema.safeParse(late).error!.issues.map((i) => i.path.join('/'))).toEqual([
      'tasks/0/completeSeconds',
    ]);
  });
});

describe('warning task ladder', () => {
  it('steps fall due after the deadline, each counted from the one before; none past the last', () => {
    const [task] = withIds(given(warning()).add);
    const ack = task.acknowledgeDueAt.getTime();
    expect(warningLadderDueAt(task, 'ack', 0)!.getTime()).toBe(ack);
    expect(warningLadderDueAt(task, 'ack', 1)!.getTime()).toBe(ack + 300_000);
    expect(warningLadderDueAt(task, 'ack', 2)!.getTime()).toBe(ack + 900_000);
    expect(warningLadderDueAt(task, 'ack', WARNING_TASK_LADDER.length)).toBeNull();
    expect(warningLadderDueAt(task, 'complete', 0)).toEqual(task.completeDueAt);
  });

  it('an acknowledgement stops the ack ladder; completion or a stand-down stops both', () => {
    expect(warningDeadlineOpen({ status: 'dispatched' }, 'ack')).toBe(true);
    expect(warningDeadlineOpen({ status: 'acknowledged' }, 'ack')).toBe(false);
    expect(warningDeadlineOpen({ status: 'acknowledged' }, 'complete')).toBe(true);
    expect(warningDeadlineOpen({ status: 'completed' }, 'complete')).toBe(false);
    expect(warningDeadlineOpen({ status: 'cancelled' }, 'complete')).toBe(false);
  });
});
