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
import { HazardPointDraftSchema, unknownHazardPoint } from './hazard-point-rules';
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

const DRAFT_CHECKED =
  'Checked whole: 400 HAZARD_POINT.INVALID lists every error (each responsible person must be a user who can ' +
  'sign in) and nothing is written.';

/** 隐患点 (风险分级管控): the hazard register with its 责任清单; read by anyone signed in, kept by the commander or an administrator. */
@Controller('api/v1/hazard-points')
@UseGuards(SignedInGuard)
export class HazardPointsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiDoc({
    summary: '隐患点列表 the hazard register, filtered by township or kind',
    query: ListQuerySchema,
  })
  async list(@Query() query: unknown): Promise<{ items: HazardPointView[] }> {
    const filter = parseBody(ListQuerySchema, query);
    return { items: (await this.store.hazardPoints.list(filter)).map(hazardPointView) };
  }

  @Get(':id')
  @ApiDoc({
    summary: '隐患点详情 one hazard point with its responsible persons',
    success: { description: 'the point; `ETag: "<revision>"`' },
    errors: { 404: 'HAZARD_POINT.NOT_FOUND' },
  })
  async one(@Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<HazardPointView> {
    const record = await this.store.hazardPoints.get(id);
    if (!record) throw unknownHazardPoint(id);
    res.setHeader('ETag', etagOf(record.revision));
    return hazardPointView(record);
  }

  @Post()
  @HttpCode(201)
  @ApiDoc({
    summary: '登记隐患点 register a hazard point',
    description: DRAFT_CHECKED,
    body: HazardPointDraftSchema,
    success: { description: 'the point as stored; `Location` names it, `ETag` its revision' },
    errors: {
      400: 'HAZARD_POINT.INVALID: every error, each by a JSON pointer',
      403: 'HAZARD_POINT.COMMANDER_ONLY',
      409: 'HAZARD_POINT.EXISTS: the id is taken',
    },
  })
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
  @ApiDoc({
    summary: '修改隐患点 replace a hazard point whole',
    description: `${DRAFT_CHECKED} The id in the path wins over any \`id\` in the body.`,
    body: HazardPointDraftSchema,
    headers: [
      {
        name: 'If-Match',
        required: true,
        description: 'the point\'s revision as its ETag gave it: `"<revision>"`',
      },
    ],
    success: { description: 'the point as stored; its new ETag' },
    errors: {
      400: 'HAZARD_POINT.INVALID: every error, each by a JSON pointer',
      403: 'HAZARD_POINT.COMMANDER_ONLY',
      404: 'HAZARD_POINT.NOT_FOUND',
      412: 'HAZARD_POINT.REVISION_MISMATCH: someone edited the point since your If-Match',
      428: 'HAZARD_POINT.PRECONDITION_REQUIRED: send If-Match',
    },
  })
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
  @HttpCode(204)
  @ApiDoc({
    summary: '删除隐患点 remove a hazard point from the register',
    success: { description: 'removed' },
    errors: { 403: 'HAZARD_POINT.COMMANDER_ONLY', 404: 'HAZARD_POINT.NOT_FOUND' },
  })
  async remove(@Req() req: UserRequest, @Param('id') id: string): Promise<void> {
    await this.commands.execute(new RemoveHazardPointCommand(id, req.user));
  }
}
