import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  CommandUnit,
  DocumentError,
  DomainError,
  TieredResponsePlan,
  Transaction,
  UnitOfWork,
  UnitRecord,
  UnitRegistry,
  validatePlan,
} from '@erp/domain';
import type { SignedInUser } from '@erp/auth';
import { CLOCK } from '@erp/platform';
import { userCausation } from '@erp/auth';
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
      if (edit.expectedRevision !== record.revision) {
        throw new DomainError(
          'UNIT.REVISION_MISMATCH',
          'stale',
          `单位已被他人修改 unit ${edit.unitId} is at revision ${record.revision}, not ${edit.expectedRevision}: reload and edit again`,
          { unitId: edit.unitId, revision: record.revision },
        );
      }
      const { registry } = await tx.units.load();
      const revision = reviseUnit(registry.units, edit.unitId, edit.changes, edit.fields);
      if (!revision.ok) throw invalidUnit(edit.unitId, revision.errors);
      if (revision.changed.length === 0) return record;

      if (revision.changed.includes('responsibleFor')) {
        const plan = await tx.plans.current();
        const next = registry.units.map((u) => (u.id === edit.unitId ? revision.unit : u));
        const broken = plan ? planBreaks(plan.plan, registry, new UnitRegistry(next)) : [];
        if (broken.length > 0) throw invalidUnit(edit.unitId, broken);
      }

      await tx.units.update(revision.unit);
      const now = this.clock.now();
      await tx.record(
        [{ type: 'UnitChanged', payload: { unitId: edit.unitId, changed: revision.changed } }],
        userCausation(edit.user, edit.unitId),
        now,
      );
      const stored = await tx.units.get(edit.unitId);
      if (!stored) throw unknownUnit(edit.unitId);
      return stored;
    });
  }
}

/**
 * What a change of responsibilities would break in the running plan (a `department_of_type` that finds no
 * department any more): the errors the plan has against the new structure and did not have before.
 */
function planBreaks(plan: TieredResponsePlan, before: UnitRegistry, after: UnitRegistry): DocumentError[] {
  const was = validatePlan(plan, before);
  const seen = new Set(was.ok ? [] : was.errors.map((e) => `${e.pointer} ${e.message}`));
  const now = validatePlan(plan, after);
  if (now.ok) return [];
  return now.errors
    .filter((e) => !seen.has(`${e.pointer} ${e.message}`))
    .map((e) => ({
      pointer: '/responsibleFor',
      message: `现行预案将失效 the current response plan ${plan.planVersion} would break: ${e.pointer}: ${e.message}`,
    }));
}

function invalidUnit(unitId: string, errors: DocumentError[]): DomainError {
  return new DomainError(
    'UNIT.INVALID',
    'invalid',
    `单位信息无效 unit ${unitId} refused, nothing written: ${errors.map((e) => `${e.pointer}: ${e.message}`).join('; ')}`,
    { errors },
  );
}
