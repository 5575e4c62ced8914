import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Headers,
  Inject,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { z } from 'zod';
import { Clock, CommandUnitSchema, ReadStore, UNIT_KINDS, UnitRecord } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, CLOCK, parseBody } from '@erp/platform';
import { AddMemberCommand, RemoveMemberCommand } from '../add-member/add-member.command';
import { CreateUnitCommand } from '../create-unit/create-unit.command';
import { ReplaceRosterCommand } from '../replace-roster/replace-roster.command';
import { RetireUnitCommand } from '../retire-unit/retire-unit.command';
import type { OneTimePassword, StructureChangeResult } from '../structure-change/structure-writer';
import { NewUnitBody } from '../structure-change/unit-input';
import type { EditableUnitField } from '../unit-edit/revise-unit';
import { UpdateUnitCommand } from '../update-unit/update-unit.command';
import { etagOf, expectedRevision } from './if-match';
import { unknownUnit } from './unit-not-found';
import { unitDetail, UnitDetailView, unitSummary, UnitSummaryView } from './unit-view';

const UnitListQuerySchema = z.object({
  kind: z.enum(UNIT_KINDS).optional(),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, 'a township code has 9 digits')
    .optional(),
});

type UnitWithPasswords = UnitDetailView & { oneTimePasswords: OneTimePassword[] };

/**
 * The bodies as documented: the edit is checked field by field against `CommandUnitSchema` (and the
 * whole structure) by `reviseUnit`, so these are that schema's editable fields, not a second schema.
 */
const UnitEditBody = CommandUnitSchema.pick({
  name: true,
  contact: true,
  members: true,
  roster: true,
  responsibleFor: true,
  note: true,
} satisfies Record<EditableUnitField, true>)
  .partial()
  .meta({ description: 'the fields to change; `null` removes responsibleFor or note' });
const RosterBody = CommandUnitSchema.pick({ roster: true });

const MemberBody = CommandUnitSchema.shape.members.element;
const IF_MATCH = {
  name: 'If-Match',
  required: true,
  description: 'the unit\'s revision as its ETag gave it: `"<revision>"`',
};

const EDIT_ERRORS = {
  404: 'UNIT.NOT_FOUND',
  412: 'stale: someone edited the unit since your If-Match',
  428: 'UNIT.PRECONDITION_REQUIRED: send If-Match',
};

/** 指挥体系: the units of the 1+18 structure and the rescue teams, read by anyone signed in. */
@Controller('api/v1/units')
@UseGuards(SignedInGuard)
export class UnitsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiDoc({
    summary: '单位列表 the units and rescue teams, each with who answers now',
    query: UnitListQuerySchema,
  })
  async list(@Query() query: unknown): Promise<{ units: UnitSummaryView[] }> {
    const filter = parseBody(UnitListQuerySchema, query);
    const records = await this.store.units.list(filter);
    const now = this.clock.now();
    return { units: records.map((r) => unitSummary(r, now)) };
  }

  @Get(':id')
  @ApiDoc({
    summary: '单位详情 a unit in full: members, roster, who is on duty now',
    success: { description: 'the unit; `ETag: "<revision>"`' },
    errors: { 404: 'UNIT.NOT_FOUND' },
  })
  async one(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<UnitDetailView> {
    const record = await this.store.units.get(id);
    if (!record) throw unknownUnit(id);
    return this.answer(record, res);
  }

  /** The commander's or an administrator's edit; `If-Match: "<revision>"` refuses it if someone edited first. */
  @Patch(':id')
  @ApiDoc({
    summary: '修改单位 edit some fields (the commander or an administrator)',
    description: 'Every error at once, each named by a JSON pointer; nothing changes unless all is well.',
    body: UnitEditBody,
    headers: [
      {
        name: 'If-Match',
        required: true,
        description: 'the unit\'s revision as its ETag gave it: `"<revision>"`',
      },
    ],
    success: { description: 'the unit as stored; its new ETag' },
    errors: { 403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only', ...EDIT_ERRORS },
  })
  async update(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitDetailView> {
    const record = await this.commands.execute(
      new UpdateUnitCommand(id, body ?? null, expectedRevision(ifMatch), req.user),
    );
    return this.answer(record, res);
  }

  /** 值班表: the roster alone, kept by the unit itself. */
  @Put(':id/roster')
  @ApiDoc({
    summary: "值班表 replace the unit's roster",
    body: RosterBody,
    headers: [
      {
        name: 'If-Match',
        required: true,
        description: 'the unit\'s revision as its ETag gave it: `"<revision>"`',
      },
    ],
    success: { description: 'the unit as stored; its new ETag' },
    errors: { 403: 'UNIT.NOT_YOUR_ROSTER', ...EDIT_ERRORS },
  })
  async replaceRoster(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitDetailView> {
    const record = await this.commands.execute(
      new ReplaceRosterCommand(id, body ?? null, expectedRevision(ifMatch), req.user),
    );
    return this.answer(record, res);
  }

  /** 新增单位: 201 with the unit and the one-time passwords of its members' new accounts (shown this once). */
  @Post()
  @ApiDoc({
    summary: '新增单位 create a unit or rescue team',
    description:
      "Checked against the whole structure and the current plan, every error at once. A team's base must lie inside the district's outline, its capabilities be known; phones are mainland numbers. Members without an account get one: `oneTimePasswords` answers their passwords this once.",
    body: NewUnitBody,
    success: { description: 'the unit as stored, with `oneTimePasswords`' },
    errors: { 403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only', 409: 'UNIT.ID_TAKEN' },
  })
  async create(
    @Req() req: UserRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitWithPasswords> {
    const result = await this.commands.execute(new CreateUnitCommand(body ?? null, req.user));
    return this.withPasswords(result.created[0], result, res);
  }

  /** 撤销: kept for history, never tasked or dispatched again; `If-Match` required. */
  @Post(':id/retire')
  @HttpCode(200)
  @ApiDoc({
    summary: '撤销单位 retire a unit or team',
    description:
      'Kept for history (past tasks keep its name); a team goes out of service for good and is never dispatched. Refused for a team on a task, a township office, the committee, or a unit that units in service answer to.',
    headers: [IF_MATCH],
    success: { description: 'the unit as stored, `retiredAt` set' },
    errors: {
      403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only',
      409: 'UNIT.RETIRED',
      ...EDIT_ERRORS,
    },
  })
  async retire(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitWithPasswords> {
    const result = await this.commands.execute(
      new RetireUnitCommand(id, expectedRevision(ifMatch), req.user),
    );
    return this.withPasswords(id, result, res);
  }

  /** A member joins: an account with a one-time password unless they have one; `If-Match` required. */
  @Post(':id/members')
  @ApiDoc({
    summary: '新增人员 a member joins the unit',
    description:
      'An account (duty officer of the unit) with a one-time password, answered this once, unless they have one; the phone a mainland mobile.',
    body: MemberBody,
    headers: [IF_MATCH],
    success: { description: 'the unit as stored, with `oneTimePasswords`' },
    errors: { 403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only', ...EDIT_ERRORS },
  })
  async addMember(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitWithPasswords> {
    const result = await this.commands.execute(
      new AddMemberCommand(id, body ?? null, expectedRevision(ifMatch), req.user),
    );
    return this.withPasswords(id, result, res);
  }

  /** A member leaves (and off the roster); their account retires unless they serve elsewhere. */
  @Delete(':id/members/:userName')
  @ApiDoc({
    summary: '人员离岗 a member leaves the unit',
    description:
      'Off the members and the roster; their account is retired (no more sign-in) unless they serve in another unit.',
    headers: [IF_MATCH],
    success: { description: 'the unit as stored' },
    errors: { 403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only', ...EDIT_ERRORS },
  })
  async removeMember(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Param('userName') userName: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UnitWithPasswords> {
    const result = await this.commands.execute(
      new RemoveMemberCommand(id, userName, expectedRevision(ifMatch), req.user),
    );
    return this.withPasswords(id, result, res);
  }

  private async withPasswords(
    id: string,
    result: StructureChangeResult,
    res: Response,
  ): Promise<UnitWithPasswords> {
    const record = await this.store.units.get(id);
    if (!record) throw unknownUnit(id);
    // One-time passwords must not sit in a cache on the way back.
    res.setHeader('Cache-Control', 'no-store');
    return { ...this.answer(record, res), oneTimePasswords: result.oneTimePasswords };
  }

  private answer(record: UnitRecord, res: Response): UnitDetailView {
    res.setHeader('ETag', etagOf(record.revision));
    return unitDetail(record, this.clock.now());
  }
}
