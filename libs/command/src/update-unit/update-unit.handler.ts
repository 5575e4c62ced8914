import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@erp/domain';
import type { UnitRecord } from '@erp/domain';
import { mayEditStructure } from '../access/command-access';
import { EDITABLE_UNIT_FIELDS } from '../unit-edit/revise-unit';
import { UnitEditor } from '../unit-edit/unit-editor';
import { UpdateUnitCommand } from './update-unit.command';

@CommandHandler(UpdateUnitCommand)
export class UpdateUnitHandler implements ICommandHandler<UpdateUnitCommand, UnitRecord> {
  constructor(private readonly editor: UnitEditor) {}

  async execute({ unitId, changes, expectedRevision, user }: UpdateUnitCommand): Promise<UnitRecord> {
    return this.editor.edit({
      unitId,
      changes,
      fields: EDITABLE_UNIT_FIELDS,
      teamFields: true,
      expectedRevision,
      user,
      authorize: () => {
        if (!mayEditStructure(user)) {
          throw new DomainError(
            'UNIT.COMMANDER_ONLY',
            'forbidden',
            '只有指挥长可以修改单位信息 only the commander may change a unit (a unit may keep its own roster: PUT …/roster)',
          );
        }
      },
    });
  }
}
