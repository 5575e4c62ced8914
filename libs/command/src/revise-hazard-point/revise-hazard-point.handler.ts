import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, HazardPointRecord, UnitOfWork } from '@erp/domain';
import { checkedDraft, requireRegisterEditor, unknownHazardPoint } from '../hazard-points/hazard-point-rules';
import { ReviseHazardPointCommand } from './revise-hazard-point.command';

@CommandHandler(ReviseHazardPointCommand)
export class ReviseHazardPointHandler implements ICommandHandler<
  ReviseHazardPointCommand,
  HazardPointRecord
> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute({ id, body, expectedRevision, user }: ReviseHazardPointCommand): Promise<HazardPointRecord> {
    requireRegisterEditor(user);
    return this.unitOfWork.run(async (tx) => {
      const stored = await tx.hazardPoints.get(id, { forUpdate: true });
      if (!stored) throw unknownHazardPoint(id);
      const draft = await checkedDraft(tx, body, id);
      const revised = await tx.hazardPoints.update(draft, expectedRevision);
      if (!revised) {
        throw new DomainError(
          'HAZARD_POINT.REVISION_MISMATCH',
          'stale',
          `隐患点已被他人修改 hazard point ${id} is at revision ${stored.revision}, not ${expectedRevision}: reload and edit again`,
          { hazardPointId: id, revision: stored.revision },
        );
      }
      return revised;
    });
  }
}
