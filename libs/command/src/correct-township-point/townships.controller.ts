import { Body, Controller, Get, Param, Put, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { BAZHOU, ReadStore } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { CorrectTownshipPointCommand, TownshipPointView } from './correct-township-point.command';

const PointSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

/** 乡镇: the district's townships and their points (the 15-minute circle is measured to them). */
@Controller('api/v1/townships')
@UseGuards(SignedInGuard)
export class TownshipsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiDoc({ summary: '乡镇位置 the townships and the points in use (corrected or shipped)' })
  async list(): Promise<{ townships: TownshipPointView[] }> {
    const corrections = await this.store.units.townshipPoints();
    return {
      townships: BAZHOU.townships.map((t) => {
        const point = corrections.get(t.code);
        return {
          code: t.code,
          name: t.name,
          point: point ?? t.approxPosition,
          corrected: point !== undefined,
        };
      }),
    };
  }

  /** The commander's or an administrator's correction; 400 `TOWNSHIP.OUTSIDE_DISTRICT` for a point outside the outline. */
  @Put(':code/point')
  @ApiDoc({
    summary: "更正乡镇位置 correct a township's point",
    description: "Inside the district's outline; the 15-minute coverage is measured to it from then on.",
    body: PointSchema,
    success: { description: 'the township with its point' },
    errors: { 403: 'UNIT.COMMANDER_ONLY: the commander or an administrator only', 404: 'TOWNSHIP.NOT_FOUND' },
  })
  async correct(
    @Req() req: UserRequest,
    @Param('code') code: string,
    @Body() body: unknown,
  ): Promise<TownshipPointView> {
    const point = parseBody(PointSchema, body);
    return this.commands.execute(new CorrectTownshipPointCommand(code, point, req.user));
  }
}
