import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, requireStructureAdministrator, UnitOfWork } from '@erp/domain';
import { newUnitFrom } from '../structure-change/unit-input';
import { StructureChangeResult, StructureWriter } from '../structure-change/structure-writer';
import { CreateUnitCommand } from './create-unit.command';

@CommandHandler(CreateUnitCommand)
export class CreateUnitHandler implements ICommandHandler<CreateUnitCommand, StructureChangeResult> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: StructureWriter,
  ) {}

  async execute({ body, user }: CreateUnitCommand): Promise<StructureChangeResult> {
    requireStructureAdministrator(user, 'UNIT.COMMANDER_ONLY', '新增单位 create a unit');
    const input = newUnitFrom(body);
    if (!input.ok) {
      throw new DomainError('UNIT.INVALID', 'invalid', '单位信息无效 unit refused, nothing written', {
        errors: input.errors,
      });
    }
    return this.unitOfWork.run((tx) =>
      this.writer.apply(tx, { create: [input.write], update: [], retire: [] }, user),
    );
  }
}
