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
import { Clock, ReadStore, UNIT_KINDS, UnitRecord } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { CLOCK, parseBody } from '@erp/platform';
import { AddMemberCommand, RemoveMemberCommand } from '../add-member/add-member.command';
import { CreateUnitCommand } from '../create-unit/create-unit.command';
import { ReplaceRosterCommand } from '../replace-roster/replace-roster.command';
import { RetireUnitCommand } from '../retire-unit/retire-unit.command';
import type { OneTimePassword, StructureChangeResult } from '../structure-change/structure-writer';
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
  async list(@Query() query: unknown): Promise<{ units: UnitSummaryView[] }> {
    const filter = parseBody(UnitListQuerySchema, query);
    const records = await this.store.units.list(filter);
    const now = this.clock.now();
    return { units: records.map((r) => unitSummary(r, now)) };
  }

  @Get(':id')
  async one(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<UnitDetailView> {
    const record = await this.store.units.get(id);
    if (!record) throw unknownUnit(id);
    return this.answer(record, res);
  }

  /** The commander's edit of some fields; `If-Match: "<revision>"` refuses it if someone edited first. */
  @Patch(':id')
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
