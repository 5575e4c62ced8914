import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Patch,
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
import { ReplaceRosterCommand } from '../replace-roster/replace-roster.command';
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

  private answer(record: UnitRecord, res: Response): UnitDetailView {
    res.setHeader('ETag', etagOf(record.revision));
    return unitDetail(record, this.clock.now());
  }
}
