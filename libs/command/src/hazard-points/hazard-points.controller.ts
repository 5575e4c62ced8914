import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
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
import { HAZARD_KINDS, HazardKind, ReadStore } from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { RegisterHazardPointCommand } from '../register-hazard-point/register-hazard-point.command';
import { RemoveHazardPointCommand } from '../remove-hazard-point/remove-hazard-point.command';
import { ReviseHazardPointCommand } from '../revise-hazard-point/revise-hazard-point.command';
import { etagOf, expectedRevision } from '../units/if-match';
import { HAZARD_POINT_BODY, unknownHazardPoint } from './hazard-point-rules';
import { hazardPointView, HazardPointView } from './hazard-point-view';

const ListQuerySchema = z.strictObject({
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, 'a township code has 9 digits')
    .optional(),
  kind: z.enum(Object.keys(HAZARD_KINDS) as [HazardKind, ...HazardKind[]]).optional(),
});

const IF_MATCH_REQUIRED = {
  code: 'HAZARD_POINT.PRECONDITION_REQUIRED',
  message:
    '修改隐患点须带 If-Match send If-Match: "<revision>" with the ETag of the point you edited (GET /api/v1/hazard-points/{id})',
};

/** 隐患点 (风险分级管控): the hazard register with its 责任清单; read by anyone signed in, kept by the commander. */
@Controller('api/v1/hazard-points')
@UseGuards(SignedInGuard)
export class HazardPointsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiDoc({ summary: '隐患点 the hazard points', query: ListQuerySchema })
  async list(@Query() query: unknown): Promise<{ items: HazardPointView[] }> {
    const filter = parseBody(ListQuerySchema, query);
    return { items: (await this.store.hazardPoints.list(filter)).map(hazardPointView) };
  }

  @Get(':id')
  @ApiDoc({ summary: '隐患点详情 a hazard point', errors: { 404: 'no such hazard point' } })
  async one(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<HazardPointView> {
    const record = await this.store.hazardPoints.get(id);
    if (!record) throw unknownHazardPoint(id);
    res.setHeader('ETag', etagOf(record.revision));
    return hazardPointView(record);
  }

  @Post()
  @ApiDoc({ summary: '登记隐患点 register a hazard point (commander)', body: HAZARD_POINT_BODY })
  @HttpCode(201)
  async register(
    @Req() req: UserRequest,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HazardPointView> {
    const record = await this.commands.execute(new RegisterHazardPointCommand(body ?? null, req.user));
    res.setHeader('ETag', etagOf(record.revision));
    res.setHeader('Location', `/api/v1/hazard-points/${encodeURIComponent(record.id)}`);
    return hazardPointView(record);
  }

  /** The whole point replaced (its id from the path); `If-Match: "<revision>"` required. */
  @Put(':id')
  @ApiDoc({ summary: '修改隐患点 revise a hazard point (commander)', body: HAZARD_POINT_BODY })
  async revise(
    @Req() req: UserRequest,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<HazardPointView> {
    const record = await this.commands.execute(
      new ReviseHazardPointCommand(id, body ?? null, expectedRevision(ifMatch, IF_MATCH_REQUIRED), req.user),
    );
    res.setHeader('ETag', etagOf(record.revision));
    return hazardPointView(record);
  }

  @Delete(':id')
  @ApiDoc({ summary: '删除隐患点 remove a hazard point (commander)' })
  @HttpCode(204)
  async remove(@Req() req: UserRequest, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RemoveHazardPointCommand(id, req.user));
  }
}
