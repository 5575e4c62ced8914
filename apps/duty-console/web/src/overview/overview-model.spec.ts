import type { IncidentSummary, LiveEvent } from '../api/types';
import { recordEvent } from './incident-book';
import { mergeOpen, overviewOf } from './overview-model';

const incident = (over: Partial<IncidentSummary>): IncidentSummary => ({
  id: 'i',
  type: 'fire',
  tier: 'T1_MINOR',
  level: null,
  townshipCode: '511902001',
  description: '',
  status: 'open',
  exercise: false,
  openedAt: '2026-12-01T08:00:00Z',
  breaches: 0,
  ...over,
});

describe('overviewOf', () => {
  const open = [
    incident({ id: 'a', tier: 'T1_MINOR', openedAt: '2026-12-01T09:00:00Z' }),
    incident({ id: 'b', tier: 'T3_MAJOR', townshipCode: '511902101' }),
    incident({ id: 'c', tier: 'T1_MINOR', townshipCode: '511902101', breaches: 2 }),
    incident({ id: 'd', tier: 'T2_GENERAL', openedAt: '2026-12-01T10:00:00Z' }),
  ];

  it('counts open incidents by tier', () => {
    expect(overviewOf(open).byTier).toEqual({ T3_MAJOR: 1, T2_GENERAL: 1, T1_MINOR: 2 });
  });

  it('puts breached incidents first, then the higher tier, then the newest', () => {
    expect(overviewOf(open).incidents.map((i) => i.id)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('lists townships with breaches first, each with its counts by tier', () => {
    const [first, second] = overviewOf(open).byTownship;
    expect(first).toEqual({
      code: '511902101',
      byTier: { T3_MAJOR: 1, T2_GENERAL: 0, T1_MINOR: 1 },
      total: 2,
      breaches: 2,
    });
    expect(second.code).toBe('511902001');
  });
});

describe('the live incident book', () => {
  const event = (type: string, payload: Record<string, unknown>, incidentId = 'x'): LiveEvent => ({
    id: '1',
    eventId: 'e',
    type,
    incidentId,
    occurredAt: '2026-12-01T08:00:00Z',
    recordedAt: '2026-12-01T08:00:00Z',
    actor: { kind: 'system', id: 'dispatcher' },
    payload,
  });

  it('opens, grades, counts breaches and drops closed incidents', () => {
    let book = recordEvent(
      new Map(),
      event('IncidentOpened', { type: 'flood', townshipCode: '511902101', description: '内涝' }),
    );
    book = recordEvent(book, event('IncidentClassified', { tier: 'T2_GENERAL', level: 'IV' }));
    book = recordEvent(book, event('TaskDeadlineMissed', {}));
    expect(book.get('x')).toMatchObject({
      type: 'flood',
      tier: 'T2_GENERAL',
      level: 'IV',
      breaches: 1,
      status: 'open',
    });
    book = recordEvent(book, event('IncidentReclassified', { to: { tier: 'T3_MAJOR', level: 'III' } }));
    expect(book.get('x')?.tier).toBe('T3_MAJOR');
    expect(recordEvent(book, event('IncidentClosed', {})).has('x')).toBe(false);
  });

  it('ignores events of incidents it never saw open, and events without an incident', () => {
    const empty = new Map();
    expect(recordEvent(empty, event('IncidentClassified', { tier: 'T2_GENERAL' }))).toBe(empty);
    expect(recordEvent(empty, event('UnitChanged', {}, null as unknown as string))).toBe(empty);
  });

  it('lets the server list win over what was heard, and keeps only open incidents', () => {
    const heard = [incident({ id: 'a', tier: 'T1_MINOR' }), incident({ id: 'b' })];
    const listed = [incident({ id: 'a', tier: 'T3_MAJOR' }), incident({ id: 'c', status: 'closed' })];
    expect(mergeOpen(listed, heard).map((i) => [i.id, i.tier])).toEqual([
      ['a', 'T3_MAJOR'],
      ['b', 'T1_MINOR'],
    ]);
  });
});
