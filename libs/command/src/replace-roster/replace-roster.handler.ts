import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@erp/domain';
import type { UnitRecord } from '@erp/domain';
import { mayEditRoster } from '../access/command-access';
import { UnitEditor } from '../unit-edit/unit-editor';
import { ReplaceRosterCommand } from './replace-roster.command';

@CommandHandler(ReplaceRosterCommand)
export class ReplaceRosterHandler implements ICommandHandler<ReplaceRosterCommand, UnitRecord> {
  constructor(private readonly editor: UnitEditor) {}

  async execute({ unitId, body, expectedRevision, user }: ReplaceRosterCommand): Promise<UnitRecord> {
    // A PUT replaces the roster: the body must say what the roster is, even an empty one.
    if (typeof body === 'object' && body !== null && !('roster' in body)) {
      throw new DomainError('UNIT.INVALID', 'invalid', '缺少值班表 send { "roster": [...] }', {
        errors: [{ pointer: '/roster', message: 'required: the whole new roster' }],
      });
    }
    return this.editor.edit({
      unitId,
      changes: body,
      fields: ['roster'],
      expectedRevision,
      user,
      authorize: (unit) => {
        if (!mayEditRoster(user, unit)) {
          throw new DomainError(
            'UNIT.NOT_YOUR_ROSTER',
            'forbidden',
            `只有本单位值班员或指挥长可以修改值班表 only a duty officer of ${unit.id} or the commander may change its roster`,
          );
        }
      },
    });
  }
}
