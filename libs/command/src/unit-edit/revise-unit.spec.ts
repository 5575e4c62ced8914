import { BAZHOU_COMMAND_STRUCTURE, UnitRegistry } from '@erp/domain';
import { EDITABLE_UNIT_FIELDS, reviseUnit } from './revise-unit';

const UNITS = BAZHOU_COMMAND_STRUCTURE.units;
const OFFICE = 'township-office-511902001';
const ALL = EDITABLE_UNIT_FIELDS;

const pointers = (r: ReturnType<typeof reviseUnit>) => (r.ok ? [] : r.errors.map((e) => e.pointer).sort());

describe('revising one unit of the command structure', () => {
  it('applies well-formed changes and says which fields really changed', () => {
    const office = BAZHOU_COMMAND_STRUCTURE.requireUnit(OFFICE);
    const r = reviseUnit(
      UNITS,
      OFFICE,
      { name: '  东城街道应急办  ', contact: office.contact, note: '新备注' },
      ALL,
    );
    expect(r).toMatchObject({ ok: true, changed: ['name', 'note'] });
    if (!r.ok) return;
    expect(r.unit).toMatchObject({
      id: OFFICE,
      name: '东城街道应急办',
      note: '新备注',
      roster: office.roster,
    });
    expect(BAZHOU_COMMAND_STRUCTURE.requireUnit(OFFICE).name).toBe(office.name);
  });

  it('holds edited texts to the edit rules: length, something visible, no control or bidi characters', () => {
    const office = BAZHOU_COMMAND_STRUCTURE.requireUnit(OFFICE);
    const r = reviseUnit(
      UNITS,
      OFFICE,
      {
        name: '\u202E',
        contact: { ...office.contact, name: 'x'.repeat(51) },
        members: office.members.map((m, i) => (i === 1 ? { ...m, displayName: '值班\u0007员' } : m)),
        note: '第一行\n第二行 \u202Egnp.exe',
      },
      ALL,
    );
    expect(pointers(r)).toEqual(['/contact/name', '/members/1/displayName', '/name', '/note']);
  });

  it('still loads a stored structure whose texts predate the edit rules (dispatch must not stop on it)', () => {
    const old = UNITS.map((u) => (u.id === OFFICE ? { ...u, name: '\u202E', note: 'x'.repeat(5000) } : u));
    expect(() => new UnitRegistry(old)).not.toThrow();
    // An edit is held to the rules in the fields it changes only.
    expect(pointers(reviseUnit(old, OFFICE, { note: '新备注' }, ALL))).toEqual([]);
    expect(pointers(reviseUnit(old, OFFICE, { name: '\u200B' }, ALL))).toEqual(['/name']);
  });

  it('removes an optional field given as null', () => {
    const r = reviseUnit(UNITS, 'district-emergency-committee', { note: null }, ALL);
    expect(r).toMatchObject({ ok: true, changed: ['note'] });
    expect(r.ok && 'note' in r.unit).toBe(false);
  });

  it('lists every error at once: shape, fixed and unknown fields, and what the rest breaks in the structure', () => {
    const r = reviseUnit(
      UNITS,
      OFFICE,
      {
        contact: { name: '值班室', phone: 'call me' },
        roster: [{ kind: 'weekly', userName: 'stranger', start: '08:00', end: '20:00' }],
        kind: 'department',
        colour: 'red',
      },
      ALL,
    );
    expect(pointers(r)).toEqual(['/colour', '/contact/phone', '/kind', '/roster/0/userName']);
  });

  it('does not report the units under a malformed unit as orphans', () => {
    const r = reviseUnit(UNITS, 'district-command-room', { contact: { name: '', phone: '1' } }, ALL);
    expect(pointers(r)).toEqual(['/contact/name', '/contact/phone']);
  });

  it('does not hold a roster against a malformed member list', () => {
    const r = reviseUnit(
      UNITS,
      OFFICE,
      {
        members: [{ userName: 'new-officer', displayName: '', role: 'duty_officer' }],
        roster: [{ kind: 'weekly', userName: 'new-officer', start: '08:00', end: '20:00' }],
      },
      ALL,
    );
    expect(pointers(r)).toEqual(['/members/0/displayName']);
  });

  it('reports a type already claimed by another special HQ on the edited unit, whatever the document order', () => {
    const r = reviseUnit(UNITS, 'special-hq-flood', { responsibleFor: { types: ['flood', 'fire'] } }, ALL);
    expect(pointers(r)).toEqual(['/responsibleFor/types/1']);
  });

  it('refuses fields outside what the caller may change', () => {
    const r = reviseUnit(UNITS, OFFICE, { roster: [], name: '别名' }, ['roster']);
    expect(r.ok ? [] : r.errors).toEqual([
      { pointer: '/name', message: expect.stringContaining('only roster') },
    ]);
  });

  it('refuses a body that is not an object', () => {
    expect(pointers(reviseUnit(UNITS, OFFICE, [1, 2], ALL))).toEqual(['/']);
  });
});
