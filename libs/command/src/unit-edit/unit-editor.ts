import { Inject, Injectable } from '@nestjs/common';
import {
  bazhouOutline,
  checkTeamFields,
  Clock,
  CommandUnit,
  DocumentError,
  DomainError,
  Transaction,
  UnitOfWork,
  UnitRecord,
  UnitRegistry,
} from '@erp/domain';
import type { SignedInUser } from '@erp/auth';
import { CLOCK } from '@erp/platform';
import { userCausation } from '@erp/auth';
import { planBreaks } from '../structure-change/structure-change';
import { unknownUnit } from '../units/unit-not-found';
import { EditableUnitField, reviseUnit } from './revise-unit';

export interface UnitEdit {
  unitId: string;
  /** The request body: some of `fields`. */
  changes: unknown;
  fields: readonly EditableUnitField[];
  /** The revision the editor saw (If-Match); undefined: whatever is stored. */
  expectedRevision: number;
  user: SignedInUser;
  /** Whether a rescue team's `team` fields and `parentId` may be changed too (the commander's edit). */
  teamFields?: boolean;
  /** Throws when the user may not make this edit to this unit. */
  authorize(unit: CommandUnit): void;
}

/**
 * Edits of the command structure are rare and its rules span units (no type with two departments), so
 * they take turns on one transaction-scoped advisory lock: two edits that are each valid alone cannot
 * together make an invalid structure.
 */
const STRUCTURE_EDIT_LOCK = 'erp:command-structure:edit';

/**
 * Waits for the turn to change the structure or the plan, until the transaction ends. Publishing a plan
 * takes it too: the plan is checked against the units, and a unit edit checks the current plan.
 */
export async function takeStructureTurn(tx: Transaction): Promise<void> {
  await tx.lockKeys([STRUCTURE_EDIT_LOCK]);
}

/**
 * One edit of one unit, shared by the commander's PATCH and a unit's own roster: lock, check the revision,
 * check the unit against the whole structure, write, and record UnitChanged in the same transaction.
 */
@Injectable()
export class UnitEditor {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async edit(edit: UnitEdit): Promise<UnitRecord> {
    return this.unitOfWork.run(async (tx) => {
      await takeStructureTurn(tx);
      const record = await tx.units.get(edit.unitId, { forUpdate: true });
      if (!record) throw unknownUnit(edit.unitId);
      edit.authorize(record.unit);
      if (record.retiredAt) {
        throw new DomainError('UNIT.RETIRED', 'conflict', `单位已撤销 unit ${edit.unitId} is retired`, {
          unitId: edit.unitId,
        });
      }
      if (edit.expectedRevision !== record.revision) {
        throw new DomainError(
          'UNIT.REVISION_MISMATCH',
          'stale',
          `单位已被他人修改 unit ${edit.unitId} is at revision ${record.revision}, not ${edit.expectedRevision}: reload and edit again`,
          { unitId: edit.unitId, revision: record.revision },
        );
      }
      const { registry } = await tx.units.load();
      const teamEdit = edit.teamFields
        ? splitTeamEdit(record, edit.changes)
        : { rest: edit.changes, errors: [] as DocumentError[], parentId: undefined, team: undefined };
      const structure = registry.units.map((u) =>
        u.id === edit.unitId && teamEdit.parentId !== undefined ? { ...u, parentId: teamEdit.parentId } : u,
      );
      const revision = reviseUnit(structure, edit.unitId, teamEdit.rest, edit.fields);
      const teamErrors = teamEdit.errors;
      if (!revision.ok || teamErrors.length > 0) {
        throw invalidUnit(edit.unitId, [...(revision.ok ? [] : revision.errors), ...teamErrors]);
      }
      const changed: string[] = [...revision.changed];
      if (teamEdit.parentId !== undefined && teamEdit.parentId !== record.unit.parentId)
        changed.push('parentId');
      if (teamEdit.team) changed.push('team');
      if (changed.length === 0) return record;

      if (revision.changed.includes('responsibleFor') || changed.includes('parentId')) {
        const plan = await tx.plans.current();
        const next = registry.units.map((u) => (u.id === edit.unitId ? revision.unit : u));
        const broken = plan
          ? planBreaks(plan.plan, registry, new UnitRegistry(next)).map((e) => ({
              ...e,
              pointer: '/responsibleFor',
            }))
          : [];
        if (broken.length > 0) throw invalidUnit(edit.unitId, broken);
      }

      await tx.units.update(
        revision.unit,
        teamEdit.team && record.team ? { ...record.team, ...teamEdit.team } : undefined,
      );
      const now = this.clock.now();
      await tx.record(
        [{ type: 'UnitChanged', payload: { unitId: edit.unitId, changed } }],
        userCausation(edit.user, edit.unitId),
        now,
      );
      const stored = await tx.units.get(edit.unitId);
      if (!stored) throw unknownUnit(edit.unitId);
      return stored;
    });
  }
}

function invalidUnit(unitId: string, errors: DocumentError[]): DomainError {
  return new DomainError(
    'UNIT.INVALID',
    'invalid',
    `单位信息无效 unit ${unitId} refused, nothing written: ${errors.map((e) => `${e.pointer}: ${e.message}`).join('; ')}`,
    { errors },
  );
}

/**
 * A rescue team's edit may also name the unit it answers to (`parentId`) and change its own fields (`team`:
 * some of level, kind, base, vehicleClass, capabilities, equipment, members), checked whole once merged.
 */
function splitTeamEdit(
  record: UnitRecord,
  changes: unknown,
): { rest: unknown; parentId?: string; team?: object; errors: DocumentError[] } {
  if (!record.team || typeof changes !== 'object' || changes === null) {
    return { rest: changes, errors: [] };
  }
  const { team, parentId, ...rest } = changes as Record<string, unknown>;
  const errors: DocumentError[] = [];
  const out: { rest: unknown; parentId?: string; team?: object; errors: DocumentError[] } = { rest, errors };
  if (parentId !== undefined) {
    if (typeof parentId === 'string' && parentId.length > 0) out.parentId = parentId;
    else errors.push({ pointer: '/parentId', message: 'the unit the team answers to, by id' });
  }
  if (team !== undefined) {
    const { id: _i, name: _n, townshipCode: _t, contact: _c, status: _s, ...stored } = record.team;
    const merged = typeof team === 'object' && team !== null ? { ...stored, ...team } : team;
    const checked = checkTeamFields(merged, bazhouOutline());
    if (checked.ok) out.team = checked.team;
    else errors.push(...checked.errors);
  }
  return out;
}
