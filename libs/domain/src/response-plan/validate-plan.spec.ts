import { BAZHOU_COMMAND_STRUCTURE as REG } from '../command-structure/bazhou-command-structure';
import { CommandUnit } from '../command-structure/command-unit';
import { UnitRegistry } from '../command-structure/unit-registry';
import { TIERS } from './plan-document';
import { SAMPLE_PLAN } from './sample-plan';
import { validatePlan } from './validate-plan';

const ack = { acknowledgeSeconds: 300 };

/** A small valid plan: the township office leads at every tier. Tests break it one way at a time. */
function plan(): any {
  return {
    planVersion: 'test/1',
    validFrom: '2026-01-01T00:00:00+08:00',
    clauses: TIERS.map((tier) => ({
      id: `${tier}-lead`,
      appliesTo: {},
      tier,
      participants: [{ rule: 'incident_township_office', role: 'lead', deadlines: { ...ack } }],
      reportUpToCity: false,
    })),
  };
}

function errorsOf(doc: unknown, registry: UnitRegistry = REG) {
  const result = validatePlan(doc, registry);
  if (result.ok) throw new Error('expected the plan to be refused');
  return result.errors;
}

describe('validatePlan: the sample plan', () => {
  it('validates, and comes back equal to the document', () => {
    const result = validatePlan(SAMPLE_PLAN, REG);
    expect(result).toEqual({ ok: true, plan: SAMPLE_PLAN });
  });

  it('validates as JSON too (it is a document, not code)', () => {
    expect(validatePlan(JSON.parse(JSON.stringify(SAMPLE_PLAN)), REG).ok).toBe(true);
  });

  it('returns a copy: changing the input afterwards does not change the validated plan', () => {
    const doc = plan();
    const result = validatePlan(doc, REG);
    if (!result.ok) throw new Error('expected ok');
    doc.clauses[0].participants[0].role = 'notify';
    expect(result.plan.clauses[0].participants[0].role).toBe('lead');
  });
});

describe('validatePlan: refusals', () => {
  it('lists schema errors with JSON pointers', () => {
    const doc = plan();
    delete doc.clauses[0].reportUpToCity;
    doc.clauses[1].tier = 'T4_APOCALYPSE';
    doc.clauses[2].participants[0].role = 'boss';
    doc.clauses[2].participants[0].deadlines.acknowledgeSeconds = -5;
    doc.clauses[2].colour = 'red';
    doc.validFrom = 'yesterday';
    expect(errorsOf(doc)).toEqual([
      { pointer: '/validFrom', message: expect.stringMatching(/datetime/i) },
      { pointer: '/clauses/0/reportUpToCity', message: expect.stringMatching(/expected boolean/) },
      { pointer: '/clauses/1/tier', message: expect.stringMatching(/T1_MINOR/) },
      { pointer: '/clauses/2/participants/0/role', message: expect.stringMatching(/lead/) },
      {
        pointer: '/clauses/2/participants/0/deadlines/acknowledgeSeconds',
        message: 'a deadline is a positive number of seconds',
      },
      { pointer: '/clauses/2/colour', message: 'unknown field "colour"' },
      // A bad tier or role really leaves those tiers without a lead (a missing reportUpToCity does not):
      ...['natural_disaster', 'accident_disaster', 'public_health', 'social_security'].map((c) => ({
        pointer: '/clauses',
        message: `tier T2_GENERAL for category ${c} has no lead`,
      })),
      ...['natural_disaster', 'accident_disaster', 'public_health', 'social_security'].map((c) => ({
        pointer: '/clauses',
        message: `tier T3_MAJOR for category ${c} has no lead`,
      })),
    ]);
  });

  it('refuses something that is not a plan at all', () => {
    expect(errorsOf('a plan')).toContainEqual({
      pointer: '/',
      message: expect.stringMatching(/expected object/),
    });
    expect(errorsOf({ planVersion: 'x/1' })).toEqual([
      { pointer: '/validFrom', message: expect.any(String) },
      { pointer: '/clauses', message: expect.any(String) },
      ...TIERS.flatMap(() =>
        Array.from({ length: 4 }, () => ({ pointer: '/clauses', message: expect.any(String) })),
      ),
    ]);
  });

  it('refuses a participant that names an unknown unit', () => {
    const doc = plan();
    doc.clauses[1].participants.push({ rule: 'unit', unitId: 'dept-nope', role: 'support', deadlines: ack });
    expect(errorsOf(doc)).toEqual([
      { pointer: '/clauses/1/participants/1/unitId', message: 'unknown unit "dept-nope"' },
    ]);
  });

  it('checks the rescue-circle breach escalation for units too, without counting it as a lead', () => {
    const doc = plan();
    doc.clauses[0].onRescueCircleBreach = [
      { rule: 'unit', unitId: 'dept-nope', role: 'support', deadlines: ack },
      { rule: 'committee', role: 'lead', deadlines: { acknowledgeSeconds: -1 } },
    ];
    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/clauses/0/onRescueCircleBreach/1/deadlines/acknowledgeSeconds',
        message: expect.any(String),
      },
      { pointer: '/clauses/0/onRescueCircleBreach/0/unitId', message: 'unknown unit "dept-nope"' },
    ]);
    doc.clauses[0].onRescueCircleBreach = [
      { rule: 'unit', unitId: 'district-command-room', role: 'support', deadlines: ack },
    ];
    expect(validatePlan(doc, REG).ok).toBe(true);
  });

  it('refuses a unit rule without a unit, and a unit id on another rule', () => {
    const doc = plan();
    doc.clauses[1].participants.push({ rule: 'unit', role: 'support', deadlines: ack });
    doc.clauses[1].participants.push({
      rule: 'committee',
      unitId: 'dept-water',
      role: 'support',
      deadlines: ack,
    });
    doc.clauses[1].participants.push({ rule: 'whoever', role: 'support', deadlines: ack });
    expect(errorsOf(doc)).toEqual([
      { pointer: '/clauses/1/participants/1/unitId', message: expect.stringMatching(/expected string/) },
      { pointer: '/clauses/1/participants/2/unitId', message: 'unknown field "unitId"' },
      {
        pointer: '/clauses/1/participants/3/rule',
        message: expect.stringMatching(/incident_township_office/),
      },
    ]);
  });

  it('refuses an unknown capability, naming it', () => {
    const doc = plan();
    doc.clauses[0].participants[0].requiredCapabilities = ['drone', 'jetpack'];
    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/clauses/0/participants/0/requiredCapabilities/1',
        message: 'unknown capability "jetpack"',
      },
    ]);
  });

  it('refuses a tier without a lead, per category', () => {
    const doc = plan();
    doc.clauses[1].participants[0].role = 'support';
    expect(errorsOf(doc)).toEqual(
      ['natural_disaster', 'accident_disaster', 'public_health', 'social_security'].map((c) => ({
        pointer: '/clauses',
        message: `tier T2_GENERAL for category ${c} has no lead`,
      })),
    );
  });

  it('names the types left without a lead when a category is only partly covered', () => {
    const doc = plan();
    doc.clauses[2].appliesTo = {
      types: ['flood', 'landslide', 'earthquake', 'forest_fire', 'severe_weather'],
    };
    doc.clauses.push({
      id: 't3-accidents',
      appliesTo: { categories: ['accident_disaster', 'public_health'] },
      tier: 'T3_MAJOR',
      participants: [{ rule: 'committee', role: 'lead', deadlines: ack }],
      reportUpToCity: true,
    });
    doc.clauses.push({
      id: 't3-epidemic-notify',
      appliesTo: { types: ['epidemic'] },
      tier: 'T3_MAJOR',
      participants: [{ rule: 'committee', role: 'notify', deadlines: ack }],
      reportUpToCity: true,
    });
    expect(errorsOf(doc)).toEqual([
      { pointer: '/clauses', message: 'tier T3_MAJOR for category social_security has no lead' },
    ]);
    doc.clauses[2].appliesTo = { types: ['flood', 'landslide', 'public_security'] };
    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/clauses',
        message:
          'tier T3_MAJOR for category natural_disaster has no lead for type(s) forest_fire, earthquake, severe_weather',
      },
    ]);
  });

  it('refuses duplicate clause ids', () => {
    const doc = plan();
    doc.clauses[2].id = doc.clauses[0].id;
    expect(errorsOf(doc)).toEqual([
      { pointer: '/clauses/2/id', message: 'duplicate clause id "T1_MINOR-lead" (first at /clauses/0)' },
    ]);
  });

  it('lists all three problems of a document with three different problems', () => {
    const doc = plan();
    doc.clauses.push(
      {
        id: 't2-extra',
        appliesTo: { types: ['flood'] },
        tier: 'T2_GENERAL',
        participants: [
          { rule: 'unit', unitId: 'dept-of-magic', role: 'support', deadlines: ack },
          { rule: 'department_of_type', role: 'support', deadlines: { acknowledgeSeconds: 0 } },
        ],
        reportUpToCity: false,
      },
      {
        id: 't2-extra2',
        appliesTo: {},
        tier: 'T2_GENERAL',
        participants: [{ rule: 'committee', role: 'notify', deadlines: ack }],
        reportUpToCity: false,
      },
      {
        id: 'T1_MINOR-lead',
        appliesTo: {},
        tier: 'T1_MINOR',
        participants: [{ rule: 'committee', role: 'notify', deadlines: ack }],
        reportUpToCity: false,
      },
    );
    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/clauses/3/participants/1/deadlines/acknowledgeSeconds',
        message: 'a deadline is a positive number of seconds',
      },
      { pointer: '/clauses/5/id', message: 'duplicate clause id "T1_MINOR-lead" (first at /clauses/0)' },
      { pointer: '/clauses/3/participants/0/unitId', message: 'unknown unit "dept-of-magic"' },
    ]);
  });

  it('refuses deadlines out of order', () => {
    const doc = plan();
    doc.clauses[0].participants[0].deadlines = {
      acknowledgeSeconds: 600,
      departSeconds: 300,
      arriveSeconds: 200,
      firstReportSeconds: 100,
    };
    doc.clauses[1].participants[0].deadlines = {
      acknowledgeSeconds: 600,
      arriveSeconds: 300,
      departSeconds: 1.5,
    };
    expect(errorsOf(doc)).toEqual([
      {
        pointer: '/clauses/0/participants/0/deadlines/departSeconds',
        message: 'departs before it acknowledges',
      },
      { pointer: '/clauses/0/participants/0/deadlines/arriveSeconds', message: 'arrives before it departs' },
      {
        pointer: '/clauses/0/participants/0/deadlines/firstReportSeconds',
        message: 'reports before it acknowledges',
      },
      { pointer: '/clauses/1/participants/0/deadlines/departSeconds', message: 'a whole number of seconds' },
    ]);
  });

  it('refuses unknown incident types and categories, and a scope that can never match', () => {
    const doc = plan();
    doc.clauses.push({
      id: 'odd',
      appliesTo: { categories: ['natural_disaster', 'alien_invasion'], types: ['meteor'] },
      tier: 'T1_MINOR',
      participants: [{ rule: 'committee', role: 'notify', deadlines: ack }],
      reportUpToCity: false,
    });
    doc.clauses.push({
      id: 'never',
      appliesTo: { categories: ['public_health'], types: ['epidemic', 'flood'] },
      tier: 'T1_MINOR',
      participants: [{ rule: 'committee', role: 'notify', deadlines: ack }],
      reportUpToCity: false,
    });
    expect(errorsOf(doc)).toEqual([
      { pointer: '/clauses/3/appliesTo/categories/1', message: 'unknown incident category "alien_invasion"' },
      { pointer: '/clauses/3/appliesTo/types/0', message: 'unknown incident type "meteor"' },
      {
        pointer: '/clauses/4/appliesTo/types/1',
        message:
          'type flood is of category natural_disaster, which this clause does not list: it can never apply',
      },
    ]);
  });

  it('still counts the lead of a clause whose scope also names an unknown type', () => {
    const doc = plan();
    doc.clauses[0].appliesTo = { types: ['meteor'] };
    doc.clauses.push({
      id: 't1-known-part',
      appliesTo: {
        categories: ['natural_disaster', 'accident_disaster', 'public_health', 'social_security', 'x'],
      },
      tier: 'T1_MINOR',
      participants: [{ rule: 'incident_township_office', role: 'lead', deadlines: ack }],
      reportUpToCity: false,
    });
    // Clause 0 now covers nothing (its only type is unknown); clause 3 covers every known category.
    expect(errorsOf(doc)).toEqual([
      { pointer: '/clauses/0/appliesTo/types/0', message: 'unknown incident type "meteor"' },
      { pointer: '/clauses/3/appliesTo/categories/4', message: 'unknown incident category "x"' },
    ]);
    doc.clauses.pop();
    expect(errorsOf(doc).map((e) => e.message)).toEqual([
      'unknown incident type "meteor"',
      ...['natural_disaster', 'accident_disaster', 'public_health', 'social_security'].map(
        (c) => `tier T1_MINOR for category ${c} has no lead`,
      ),
    ]);
  });

  it('refuses rules that resolve to no unit in this command structure', () => {
    const unit = (u: Partial<CommandUnit> & Pick<CommandUnit, 'id' | 'kind'>): CommandUnit => ({
      name: '示例',
      contact: { name: '值班室', phone: '13800009999' },
      members: [],
      roster: [],
      ...u,
    });
    const small = new UnitRegistry([
      unit({ id: 'dept-water', kind: 'department', responsibleFor: { types: ['flood'] } }),
      unit({ id: 'hq-nature', kind: 'special_hq', responsibleFor: { categories: ['natural_disaster'] } }),
    ]);
    const doc = plan();
    doc.clauses[1].participants.push(
      { rule: 'department_of_type', role: 'support', deadlines: ack },
      { rule: 'special_hq_of_type', role: 'support', deadlines: ack },
      { rule: 'committee', role: 'notify', deadlines: ack },
    );
    doc.clauses[1].appliesTo = { categories: ['natural_disaster'] };
    doc.clauses.push({
      id: 'rest',
      appliesTo: { categories: ['accident_disaster', 'public_health', 'social_security'] },
      tier: 'T2_GENERAL',
      participants: [{ rule: 'unit', unitId: 'dept-water', role: 'lead', deadlines: ack }],
      reportUpToCity: false,
    });
    expect(errorsOf(doc, small)).toEqual([
      { pointer: '/clauses/0/participants/0/rule', message: 'the command structure has no township office' },
      { pointer: '/clauses/1/participants/0/rule', message: 'the command structure has no township office' },
      {
        pointer: '/clauses/1/participants/1/rule',
        message:
          'no department is responsible for type(s) forest_fire, landslide, earthquake, severe_weather',
      },
      { pointer: '/clauses/1/participants/3/rule', message: 'the command structure has no committee' },
      { pointer: '/clauses/2/participants/0/rule', message: 'the command structure has no township office' },
    ]);
    // The special HQ rule resolved through the category: no error for participant 2.
  });
});

describe('validatePlan: escalation ladders and defaults (逐级上报)', () => {
  it('accepts plan ladders, clause ladders and defaults', () => {
    const doc = plan();
    doc.ladders = { ack: { steps: [{ afterSeconds: 0, action: 'renotify' }], repeatLast: 2 } };
    doc.clauses[2].ladders = { arrive: { steps: [{ afterSeconds: 0, action: 'dispatch_next_team' }] } };
    doc.defaults = { deadlines: { completeSeconds: 86_400 }, rescueTeam: { acknowledgeSeconds: 120 } };
    expect(validatePlan(doc, REG).ok).toBe(true);
  });

  it('lists every ladder error at once, each with its pointer, and refuses the plan whole', () => {
    const doc = plan();
    doc.ladders = {
      ack: {
        steps: [
          { afterSeconds: -1, action: 'renotify' },
          { afterSeconds: 60, action: 'task_unit', target: 'unit', unitId: 'no-such-unit' },
          { afterSeconds: 60, action: 'call_the_army' },
        ],
      },
      lunch: { steps: [{ afterSeconds: 0, action: 'renotify' }] },
    };
    doc.clauses[0].ladders = { depart: { steps: [] } };
    const pointers = errorsOf(doc).map((e) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/ladders/ack/steps/0/afterSeconds',
        '/ladders/ack/steps/1/unitId',
        '/ladders/ack/steps/2/action',
        '/clauses/0/ladders/depart/steps',
      ]),
    );
    expect(pointers.some((p) => p === '/ladders' || p.startsWith('/ladders/lunch'))).toBe(true);
  });

  it('accepts a step that tasks a named unit the structure has', () => {
    const doc = plan();
    doc.ladders = {
      ack: {
        steps: [{ afterSeconds: 0, action: 'task_unit', target: 'unit', unitId: 'district-command-room' }],
      },
    };
    expect(validatePlan(doc, REG).ok).toBe(true);
  });

  it('refuses a complete deadline before the arrival', () => {
    const doc = plan();
    doc.clauses[0].participants[0].deadlines = {
      acknowledgeSeconds: 60,
      arriveSeconds: 900,
      completeSeconds: 600,
    };
    expect(errorsOf(doc).map((e) => e.pointer)).toContain(
      '/clauses/0/participants/0/deadlines/completeSeconds',
    );
  });
});
