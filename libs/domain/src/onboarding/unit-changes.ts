import { isDeepStrictEqual } from 'node:util';
import type { CommandUnit } from '../command-structure/command-unit';
import type { UnitRecord } from '../command-structure/structure-store.port';
import type { TeamFields } from './team-fields';

/** The fields of a unit an edit or an import may change; `team` stands for a rescue team's own fields. */
const UNIT_FIELDS = [
  'name',
  'townshipCode',
  'parentId',
  'contact',
  'members',
  'roster',
  'responsibleFor',
  'note',
] as const;

export type ChangedUnitField = (typeof UNIT_FIELDS)[number] | 'team';

/**
 * Which fields of a stored unit (and of its team) `unit` and `team` change: what UnitChanged names, and
 * how an import counts its changes. A field absent and one set to null are the same.
 */
export function changedUnitFields(
  stored: Pick<UnitRecord, 'unit' | 'team'>,
  unit: CommandUnit,
  team: TeamFields | null,
): ChangedUnitField[] {
  const changed: ChangedUnitField[] = UNIT_FIELDS.filter(
    (f) => !isDeepStrictEqual(stored.unit[f] ?? null, unit[f] ?? null),
  );
  if (team && stored.team) {
    // The stored team carries the unit's identity and its live status too: compare the team's own fields.
    const { id: _i, name: _n, townshipCode: _t, contact: _c, status: _s, ...fields } = stored.team;
    if (!isDeepStrictEqual(asJson(fields), asJson(team))) changed.push('team');
  }
  return changed;
}

/** As stored in JSON: no undefined members, so an absent optional field equals a missing one. */
function asJson(value: object): unknown {
  return JSON.parse(JSON.stringify(value));
}
