import { DomainError, Transaction, UnitRecord } from '@erp/domain';
import { takeStructureTurn } from '../unit-edit/unit-editor';
import { unknownUnit } from '../units/unit-not-found';

/** The unit as stored, locked for the change, at the revision the caller saw (If-Match), and in service. */
export async function currentUnit(
  tx: Transaction,
  unitId: string,
  expectedRevision: number,
): Promise<UnitRecord> {
  await takeStructureTurn(tx);
  const record = await tx.units.get(unitId, { forUpdate: true });
  if (!record) throw unknownUnit(unitId);
  if (record.revision !== expectedRevision) {
    throw new DomainError(
      'UNIT.REVISION_MISMATCH',
      'stale',
      `单位已被他人修改 unit ${unitId} is at revision ${record.revision}, not ${expectedRevision}: reload and edit again`,
      { unitId, revision: record.revision },
    );
  }
  if (record.retiredAt) {
    throw new DomainError('UNIT.RETIRED', 'conflict', `单位已撤销 unit ${unitId} is retired`, { unitId });
  }
  return record;
}
