import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@erp/domain';
import { requireRegisterEditor, unknownHazardPoint } from '../hazard-points/hazard-point-rules';
import { RemoveHazardPointCommand } from './remove-hazard-point.command';

@CommandHandler(RemoveHazardPointCommand)
export class RemoveHazardPointHandler implements ICommandHandler<RemoveHazardPointCommand, void> {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async execute({ id, user }: RemoveHazardPointCommand): Promise<void> {
    requireRegisterEditor(user);
    await this.unitOfWork.run(async (tx) => {
      if (!(await tx.hazardPoints.remove(id))) throw unknownHazardPoint(id);
    });
  }
}
