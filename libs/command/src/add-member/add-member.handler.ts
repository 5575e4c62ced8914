import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError, requireStructureAdministrator, UnitOfWork } from '@erp/domain';
import { currentUnit } from '../structure-change/current-unit';
import { unitFieldErrors } from '../structure-change/unit-input';
import { StructureChangeResult, StructureWriter } from '../structure-change/structure-writer';
import { AddMemberCommand, RemoveMemberCommand } from './add-member.command';

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand, StructureChangeResult> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: StructureWriter,
  ) {}

  async execute({
    unitId,
    member,
    expectedRevision,
    user,
  }: AddMemberCommand): Promise<StructureChangeResult> {
    requireStructureAdministrator(user, 'UNIT.COMMANDER_ONLY', '新增人员 add a member');
    return this.unitOfWork.run(async (tx) => {
      const record = await currentUnit(tx, unitId, expectedRevision);
      const members = [...record.unit.members, member] as typeof record.unit.members;
      const unit = { ...record.unit, members };
      const at = members.length - 1;
      const errors = unitFieldErrors(unit).filter((e) => e.pointer.startsWith(`/members/${at}`));
      if (errors.length > 0) {
        throw new DomainError('UNIT.INVALID', 'invalid', '人员信息无效 member refused, nothing written', {
          errors: errors.map((e) => ({ ...e, pointer: e.pointer.slice(`/members/${at}`.length) || '/' })),
        });
      }
      return this.writer.apply(tx, { create: [], update: [{ unit, team: null }], retire: [] }, user);
    });
  }
}

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand, StructureChangeResult> {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: StructureWriter,
  ) {}

  async execute({
    unitId,
    userName,
    expectedRevision,
    user,
  }: RemoveMemberCommand): Promise<StructureChangeResult> {
    requireStructureAdministrator(user, 'UNIT.COMMANDER_ONLY', '人员离岗 remove a member');
    return this.unitOfWork.run(async (tx) => {
      const record = await currentUnit(tx, unitId, expectedRevision);
      if (!record.unit.members.some((m) => m.userName === userName)) {
        throw new DomainError('UNIT.NO_SUCH_MEMBER', 'not_found', `${unitId} has no member ${userName}`, {
          unitId,
          userName,
        });
      }
      const unit = {
        ...record.unit,
        members: record.unit.members.filter((m) => m.userName !== userName),
        roster: record.unit.roster.filter((w) => w.userName !== userName),
      };
      return this.writer.apply(tx, { create: [], update: [{ unit, team: null }], retire: [] }, user);
    });
  }
}
