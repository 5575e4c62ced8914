import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { requireStructureAdministrator, UnitOfWork } from '@erp/domain';
import { StructureChangeResult, StructureWriter } from '../structure-change/structure-writer';
import { currentUnit } from '../structure-change/current-unit';
import { RetireUnitCommand } from './retire-unit.command';

@CommandHandler(RetireUnitCommand)
export class RetireUnitHandler implements ICommandHandler<RetireUnitCommand, StructureChangeResult> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: StructureWriter,
  ) {}

  async execute({ unitId, expectedRevision, user }: RetireUnitCommand): Promise<StructureChangeResult> {
    requireStructureAdministrator(user, 'UNIT.COMMANDER_ONLY', '撤销单位 retire a unit');
    return this.unitOfWork.run(async (tx) => {
      await currentUnit(tx, unitId, expectedRevision);
      return this.writer.apply(tx, { create: [], update: [], retire: [unitId] }, user);
    });
  }
}
