import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, HazardPointRecord, UnitOfWork } from '@erp/domain';
import { checkedDraft, requireRegisterEditor } from '../hazard-points/hazard-point-rules';
import { RegisterHazardPointCommand } from './register-hazard-point.command';

@CommandHandler(RegisterHazardPointCommand)
export class RegisterHazardPointHandler implements ICommandHandler<
  RegisterHazardPointCommand,
  HazardPointRecord
> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute({ body, user }: RegisterHazardPointCommand): Promise<HazardPointRecord> {
    requireRegisterEditor(user);
    return this.unitOfWork.run(async (tx) => {
      const draft = await checkedDraft(tx, body);
      if (!(await tx.hazardPoints.insert(draft))) {
        throw new DomainError(
          'HAZARD_POINT.EXISTS',
          'conflict',
          `隐患点已存在 hazard point ${draft.id} exists`,
          {
            pointer: '/id',
          },
        );
      }
      return (await tx.hazardPoints.get(draft.id))!;
    });
  }
}
