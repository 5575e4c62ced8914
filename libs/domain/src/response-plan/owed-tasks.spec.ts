import { BAZHOU } from '../district/district';
import { INCIDENT_TYPES } from '../classification/incident-types';
import { Tier } from '../incident/first-classification';
import { BAZHOU_COMMAND_STRUCTURE as REG } from '../command-structure/bazhou-command-structure';
import { CommandUnit } from '../command-structure/command-unit';
import { UnitRegistry } from '../command-structure/unit-registry';
import { TieredResponsePlan, TIERS } from './plan-document';
import { SAMPLE_PLAN } from './sample-plan';
import {
  capabilityTopUps,
  newlyOwed,
  OwedTask,
  owedTasks,
  PlanIncident,
  reportsUpToCity,
  resolvePlan,
} from './owed-tasks';
import { validatePlan } from './validate-plan';

const QINGJIANG = '511902101';
const OFFICE = `township-office-${QINGJIANG}`;

const incident = (type: string, tier: Tier, townshipCode = QINGJIANG): PlanIncident => ({
  id: 'inc-1',
  type,
  category: null,
  tier,
  townshipCode,
});

/** unit:role pairs, in order. */
const roles = (tasks: OwedTask[]) => tasks.map((t) => `${t.unitId}:${t.role}`);

const TOWNSHIP_DEADLINES = {
  acknowledgeSeconds: 300,
  departSeconds: 300,
  arriveSeconds: 900,
  firstReportSeconds: 1800,
};

describe('owedTasks with the sample plan', () => {
  it('T1 landslide: the township office leads alone, within the 15-minute circle, with drones and life detectors', () => {
    expect(owedTasks(SAMPLE_PLAN, incident('landslide', 'T1_MINOR'), REG)).toEqual([
      {
        unitId: OFFICE,
        role: 'lead',
        clauseId: 't1-township-office-leads',
        planVersion: 'seed-2020/2',
        deadlines: TOWNSHIP_DEADLINES,
        requiredCapabilities: ['life_detector', 'drone'],
        clauseIds: ['t1-township-office-leads', 't1-capabilities-landslide'],
      },
    ]);
  });

  it('T1 public security: the township office leads, no capability required', () => {
    const [task, ...rest] = owedTasks(SAMPLE_PLAN, incident('public_security', 'T1_MINOR', '511902203'), REG);
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      unitId: 'township-office-511902203',
      role: 'lead',
      requiredCapabilities: [],
    });
  });

  it('T2 flood: the township office leads, the water bureau supports, the command room is notified', () => {
    const tasks = owedTasks(SAMPLE_PLAN, incident('flood', 'T2_GENERAL'), REG);
    expect(roles(tasks)).toEqual([`${OFFICE}:lead`, 'dept-water:support', 'district-command-room:notify']);
    expect(tasks[0].requiredCapabilities).toEqual(['water_rescue', 'diving']);
    expect(tasks[1]).toMatchObject({
      clauseId: 't2-department-of-type-supports',
      deadlines: {
        acknowledgeSeconds: 600,
        departSeconds: 1200,
        arriveSeconds: 2700,
        firstReportSeconds: 3600,
      },
    });
    expect(tasks[2]).toMatchObject({
      clauseId: 't2-command-room-notified',
      deadlines: { acknowledgeSeconds: 300 },
    });
  });

  it('T2 traffic accident: the transport bureau and the traffic police support, in plan order', () => {
    expect(roles(owedTasks(SAMPLE_PLAN, incident('traffic_accident', 'T2_GENERAL'), REG))).toEqual([
      `${OFFICE}:lead`,
      'dept-transport:support',
      'dept-public-security:support',
      'district-command-room:notify',
    ]);
  });

  it('T3 building collapse: the committee leads; special HQ, department and township support; command room notified', () => {
    const tasks = owedTasks(SAMPLE_PLAN, incident('building_collapse', 'T3_MAJOR'), REG);
    expect(roles(tasks)).toEqual([
      'district-emergency-committee:lead',
      'special-hq-building:support',
      'dept-housing:support',
      `${OFFICE}:support`,
      'district-command-room:notify',
    ]);
    expect(tasks[0].clauseId).toBe('t3-committee-leads');
    expect(tasks[3]).toMatchObject({
      clauseId: 't3-township-office-supports',
      deadlines: TOWNSHIP_DEADLINES,
      requiredCapabilities: ['hydraulic_breaking', 'life_detector', 'search_dogs', 'heavy_machinery'],
    });
  });

  it('T3 food poisoning and epidemic: the public-health HQs', () => {
    expect(roles(owedTasks(SAMPLE_PLAN, incident('food_poisoning', 'T3_MAJOR'), REG)).slice(0, 3)).toEqual([
      'district-emergency-committee:lead',
      'special-hq-food-drug:support',
      'dept-market-regulation:support',
    ]);
    expect(roles(owedTasks(SAMPLE_PLAN, incident('epidemic', 'T3_MAJOR'), REG)).slice(1, 3)).toEqual([
      'special-hq-public-health:support',
      'dept-health:support',
    ]);
  });

  it('reports up to the city at T3 only', () => {
    expect(reportsUpToCity(SAMPLE_PLAN, incident('flood', 'T1_MINOR'))).toBe(false);
    expect(reportsUpToCity(SAMPLE_PLAN, incident('flood', 'T2_GENERAL'))).toBe(false);
    expect(reportsUpToCity(SAMPLE_PLAN, incident('flood', 'T3_MAJOR'))).toBe(true);
    expect(resolvePlan(SAMPLE_PLAN, incident('flood', 'T3_MAJOR'), REG).reportUpToCity).toBe(true);
  });

  it('gives every type, tier and township exactly one lead and leaves nothing unresolved', () => {
    for (const type of Object.keys(INCIDENT_TYPES)) {
      for (const tier of TIERS) {
        for (const t of BAZHOU.townships) {
          const r = resolvePlan(SAMPLE_PLAN, incident(type, tier, t.code), REG);
          expect(r.unresolved).toEqual([]);
          expect(r.owed.filter((o) => o.role === 'lead')).toHaveLength(1);
          expect(new Set(r.owed.map((o) => o.unitId)).size).toBe(r.owed.length);
        }
      }
    }
  });

  it('is deterministic', () => {
    const a = owedTasks(SAMPLE_PLAN, incident('earthquake', 'T3_MAJOR'), REG);
    const b = owedTasks(JSON.parse(JSON.stringify(SAMPLE_PLAN)), incident('earthquake', 'T3_MAJOR'), REG);
    expect(b).toEqual(a);
  });

  it('takes the category from the vocabulary for a known type, from the incident otherwise', () => {
    const mislabelled = { ...incident('flood', 'T3_MAJOR'), category: 'public_health' };
    expect(roles(owedTasks(SAMPLE_PLAN, mislabelled, REG))[1]).toBe('special-hq-flood:support');
    const r = resolvePlan(
      SAMPLE_PLAN,
      { ...incident('hailstorm', 'T3_MAJOR'), category: 'natural_disaster' },
      REG,
    );
    expect(roles(r.owed)).toContain('special-hq-disaster-relief:support');
    expect(r.unresolved).toEqual([
      {
        clauseId: 't3-department-of-type-supports',
        participantIndex: 0,
        rule: 'department_of_type',
        role: 'support',
        reason: 'no department is responsible for type hailstorm',
      },
    ]);
  });

  it('lists participants it cannot resolve instead of dropping them silently', () => {
    const r = resolvePlan(SAMPLE_PLAN, incident('flood', 'T2_GENERAL', '511902999'), REG);
    expect(roles(r.owed)).toEqual(['dept-water:support', 'district-command-room:notify']);
    expect(r.unresolved.map((u) => `${u.clauseId}#${u.participantIndex}: ${u.reason}`)).toEqual([
      't2-township-office-leads#0: no emergency office for township 511902999',
      't2-capabilities-flood#0: no emergency office for township 511902999',
    ]);
  });
});

describe('merging duplicates', () => {
  const u = (id: string, kind: CommandUnit['kind'], extra: Partial<CommandUnit> = {}): CommandUnit => ({
    id,
    kind,
    name: id,
    contact: { name: '值班室', phone: '13800009999' },
    members: [],
    roster: [],
    ...extra,
  });
  const registry = new UnitRegistry([
    u('committee', 'committee'),
    u('office', 'township_office', { id: 'township-office-511902001', townshipCode: '511902001' }),
    u('dept', 'department', { responsibleFor: { types: ['fire'] } }),
    u('hq', 'special_hq', { responsibleFor: { categories: ['accident_disaster'] } }),
  ]);
  const plan: TieredResponsePlan = {
    planVersion: 'merge/1',
    validFrom: '2026-01-01T00:00:00+08:00',
    clauses: [
      {
        id: 'a-notify-committee',
        appliesTo: { types: ['fire'] },
        tier: 'T2_GENERAL',
        participants: [
          { rule: 'unit', unitId: 'committee', role: 'notify', deadlines: { acknowledgeSeconds: 120 } },
          {
            rule: 'department_of_type',
            role: 'support',
            deadlines: { acknowledgeSeconds: 600, arriveSeconds: 3000 },
          },
        ],
        reportUpToCity: false,
      },
      {
        id: 'b-office-leads',
        appliesTo: {},
        tier: 'T2_GENERAL',
        participants: [
          {
            rule: 'incident_township_office',
            role: 'lead',
            deadlines: { acknowledgeSeconds: 300, arriveSeconds: 900 },
            requiredCapabilities: ['fire_suppression'],
          },
          {
            rule: 'committee',
            role: 'lead',
            deadlines: { acknowledgeSeconds: 600, firstReportSeconds: 1800 },
          },
        ],
        reportUpToCity: false,
      },
      {
        id: 'c-fire',
        appliesTo: { types: ['fire'] },
        tier: 'T2_GENERAL',
        participants: [
          {
            rule: 'incident_township_office',
            role: 'support',
            deadlines: { acknowledgeSeconds: 600, departSeconds: 600, arriveSeconds: 600 },
            requiredCapabilities: ['hydraulic_breaking', 'fire_suppression'],
          },
          { rule: 'unit', unitId: 'dept', role: 'notify', deadlines: { acknowledgeSeconds: 60 } },
        ],
        reportUpToCity: true,
      },
      {
        id: 'leads-elsewhere',
        appliesTo: {},
        tier: 'T1_MINOR',
        participants: [{ rule: 'committee', role: 'lead', deadlines: { acknowledgeSeconds: 60 } }],
        reportUpToCity: false,
      },
      {
        id: 'leads-elsewhere-t3',
        appliesTo: {},
        tier: 'T3_MAJOR',
        participants: [{ rule: 'committee', role: 'lead', deadlines: { acknowledgeSeconds: 60 } }],
        reportUpToCity: false,
      },
    ],
  };

  it('is a valid plan', () => {
    expect(validatePlan(plan, registry).ok).toBe(true);
  });

  it('gives each unit one task: the strongest role, the tightest deadlines, all capabilities', () => {
    const tasks = owedTasks(
      plan,
      { id: 'i', type: 'fire', tier: 'T2_GENERAL', townshipCode: '511902001' },
      registry,
    );
    expect(tasks).toEqual([
      // notify (a) then lead (b): lead wins and b becomes the recorded clause; the tighter ack of a is kept.
      {
        unitId: 'committee',
        role: 'lead',
        clauseId: 'b-office-leads',
        planVersion: 'merge/1',
        deadlines: { acknowledgeSeconds: 120, firstReportSeconds: 1800 },
        requiredCapabilities: [],
        clauseIds: ['b-office-leads', 'a-notify-committee'],
      },
      // lead (b) then support (c): lead stays; each deadline is the tightest set anywhere.
      {
        unitId: 'township-office-511902001',
        role: 'lead',
        clauseId: 'b-office-leads',
        planVersion: 'merge/1',
        deadlines: { acknowledgeSeconds: 300, departSeconds: 600, arriveSeconds: 600 },
        requiredCapabilities: ['fire_suppression', 'hydraulic_breaking'],
        clauseIds: ['b-office-leads', 'c-fire'],
      },
      // support (a, by rule) then notify (c, by id): support stays.
      {
        unitId: 'dept',
        role: 'support',
        clauseId: 'a-notify-committee',
        planVersion: 'merge/1',
        deadlines: { acknowledgeSeconds: 60, arriveSeconds: 3000 },
        requiredCapabilities: [],
        clauseIds: ['a-notify-committee', 'c-fire'],
      },
    ]);
  });

  it('does not change the plan while merging', () => {
    const before = JSON.stringify(plan);
    owedTasks(plan, { id: 'i', type: 'fire', tier: 'T2_GENERAL', townshipCode: '511902001' }, registry);
    expect(JSON.stringify(plan)).toBe(before);
  });
});

describe('newlyOwed on reclassification', () => {
  const at = (tier: Tier, type = 'landslide') => owedTasks(SAMPLE_PLAN, incident(type, tier), REG);

  it('T1 → T2 → T3 dispatches only the additions, each once', () => {
    const tasked: { unitId: string; role: string }[] = [];
    const first = newlyOwed(tasked, at('T1_MINOR'));
    expect(roles(first)).toEqual([`${OFFICE}:lead`]);
    tasked.push(...first);

    const second = newlyOwed(tasked, at('T2_GENERAL'));
    expect(roles(second)).toEqual(['dept-natural-resources:support', 'district-command-room:notify']);
    tasked.push(...second);

    const third = newlyOwed(tasked, at('T3_MAJOR'));
    // The township keeps its lead task; the department and the command room are already tasked.
    expect(roles(third)).toEqual(['district-emergency-committee:lead', 'special-hq-geological:support']);
    expect(third[0]).toMatchObject({ clauseId: 't3-committee-leads', planVersion: 'seed-2020/2' });
    tasked.push(...third);

    expect(newlyOwed(tasked, at('T3_MAJOR'))).toEqual([]);
    expect(newlyOwed(tasked, at('T1_MINOR'))).toEqual([]);
  });

  it('T1 → T3 directly adds the committee, special HQ, department and command room', () => {
    expect(roles(newlyOwed(at('T1_MINOR'), at('T3_MAJOR')))).toEqual([
      'district-emergency-committee:lead',
      'special-hq-geological:support',
      'dept-natural-resources:support',
      'district-command-room:notify',
    ]);
  });

  it('tasks a unit again only for a stronger role; escalation tasks do not count', () => {
    const owed = at('T3_MAJOR');
    const tasked = [
      { unitId: 'district-emergency-committee', role: 'notify' },
      { unitId: 'special-hq-geological', role: 'support' },
      { unitId: 'district-command-room', role: 'supervise' },
    ];
    expect(roles(newlyOwed(tasked, owed))).toEqual([
      'district-emergency-committee:lead',
      'dept-natural-resources:support',
      `${OFFICE}:support`,
      'district-command-room:notify',
    ]);
  });

  it('never returns the same unit twice, even from a list with duplicates', () => {
    const [lead] = at('T1_MINOR');
    expect(newlyOwed([], [lead, { ...lead }, { ...lead, role: 'support' }])).toEqual([lead]);
  });

  it('tops up the rescue-team capabilities of a unit that keeps its task', () => {
    const tasked = at('T1_MINOR');
    expect(capabilityTopUps(tasked, at('T3_MAJOR'))).toEqual([
      {
        unitId: OFFICE,
        clauseId: 't3-township-office-supports',
        planVersion: 'seed-2020/2',
        capabilities: ['heavy_machinery', 'satellite_phone'],
      },
    ]);
    expect(capabilityTopUps(tasked, at('T2_GENERAL'))).toEqual([]);
  });
});
