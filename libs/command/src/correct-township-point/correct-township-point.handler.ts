import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  BAZHOU,
  bazhouOutline,
  Clock,
  DomainError,
  outsideDistrict,
  requireStructureAdministrator,
  UnitOfWork,
} from '@erp/domain';
import { userCausation } from '@erp/auth';
import { CLOCK } from '@erp/platform';
import { takeStructureTurn } from '../unit-edit/unit-editor';
import { CorrectTownshipPointCommand, TownshipPointView } from './correct-township-point.command';

@CommandHandler(CorrectTownshipPointCommand)
export class CorrectTownshipPointHandler implements ICommandHandler<
  CorrectTownshipPointCommand,
  TownshipPointView
> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ townshipCode, point, user }: CorrectTownshipPointCommand): Promise<TownshipPointView> {
    requireStructureAdministrator(user, 'UNIT.COMMANDER_ONLY', '更正乡镇位置 correct a township point');
    const township = BAZHOU.township(townshipCode);
    if (!township) {
      throw new DomainError('TOWNSHIP.NOT_FOUND', 'not_found', `无此乡镇 no township ${townshipCode}`, {
        townshipCode,
      });
    }
    if (!bazhouOutline().contains(point)) {
      throw new DomainError('TOWNSHIP.OUTSIDE_DISTRICT', 'invalid', outsideDistrict(point), { pointer: '/' });
    }
    return this.unitOfWork.run(async (tx) => {
      await takeStructureTurn(tx);
      const from = (await tx.units.townshipPoints()).get(townshipCode) ?? township.approxPosition;
      await tx.units.correctTownshipPoint(townshipCode, point);
      await tx.record(
        [{ type: 'TownshipPointCorrected', payload: { townshipCode, from, to: point } }],
        userCausation(user, townshipCode),
        this.clock.now(),
      );
      return { code: townshipCode, name: township.name, point, corrected: true };
    });
  }
}
