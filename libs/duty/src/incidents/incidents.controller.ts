import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { z } from 'zod';
import { ApiDoc, parseBody } from '@erp/platform';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { CloseIncidentCommand } from '../close-incident/close-incident.command';
import { ConfirmDowngradeCommand } from '../confirm-downgrade/confirm-downgrade.command';
import { decodeCursor } from '../list-incidents/incident-cursor';
import { ListIncidentsQuery } from '../list-incidents/list-incidents.query';
import { IncidentDetailQuery } from './incident-detail.query';

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const ListSchema = z.strictObject({
  status: z.enum(['open', 'closed', 'cancelled']).optional(),
  tier: z.enum(['T1_MINOR', 'T2_GENERAL', 'T3_MAJOR']).optional(),
  townshipCode: z
    .string()
    .regex(/^\d{9}$/, 'a 9-digit township code')
    .optional(),
  from: instant.optional(),
  to: instant.optional(),
  exercise: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const CloseSchema = z.strictObject({
  outcome: z.string().trim().min(1, '须填写处置结果 an outcome is required').max(200),
  summary: z.string().trim().max(4000).default(''),
});

@Controller('api/v1/incidents')
@UseGuards(SignedInGuard)
export class IncidentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Newest first, a page at a time: `?status=&tier=&townshipCode=&from=&to=&exercise=&cursor=&limit=`. */
  @Get()
  @ApiDoc({
    summary: '事件列表 incidents, newest first, a page at a time',
    description:
      'An officer sees the incidents their units have tasks in; each item with `openTasks` and `breaches`.',
    query: ListSchema,
    success: { description: '`{items, nextCursor}`' },
  })
  async list(@Req() req: UserRequest, @Query() query: unknown) {
    const { cursor, limit, ...filter } = parseBody(ListSchema, query);
    return this.queries.execute(
      new ListIncidentsQuery(req.user, filter, cursor ? decodeCursor(cursor) : null, limit),
    );
  }

  @Get(':id')
  @ApiDoc({
    summary: '事件详情 an incident with its alarms, tasks and reports',
    errors: { 404: '无此事件或无权查看 no such incident visible to you' },
  })
  async incident(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.queries.execute(new IncidentDetailQuery(req.user, id));
  }

  @Post(':id/confirm-downgrade')
  @HttpCode(200)
  @ApiDoc({
    summary: '确认降级 apply a proposed downgrade',
    errors: {
      403: 'not the township office or the commander',
      404: 'no such incident visible to you',
      409: 'no downgrade proposed',
    },
  })
  async confirmDowngrade(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.queries.execute(new IncidentDetailQuery(req.user, id)); // 404 unless visible
    return this.commands.execute(new ConfirmDowngradeCommand(id, req.user));
  }

  /** 结案: `{outcome, summary}`; 409 INCIDENT.OPEN_TASKS while a task is still open. */
  @Post(':id/close')
  @HttpCode(200)
  @ApiDoc({
    summary: '结案 close the incident with its outcome',
    body: CloseSchema,
    errors: {
      403: 'not the lead unit or the commander',
      404: 'no such incident visible to you',
      409: 'INCIDENT.OPEN_TASKS, listing `openTasks`',
    },
  })
  async close(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const { outcome, summary } = parseBody(CloseSchema, body);
    await this.queries.execute(new IncidentDetailQuery(req.user, id)); // 404 unless visible
    return this.commands.execute(new CloseIncidentCommand(id, outcome, summary, req.user));
  }
}
