import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { requireStructureAdministrator } from '@erp/domain';
import type { UnitRecord } from '@erp/domain';
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
      authorize: () =>
        requireStructureAdministrator(
          user,
          'UNIT.COMMANDER_ONLY',
          '修改单位信息 change a unit (a unit may keep its own roster: PUT …/roster)',
        ),
    });
  }
}
