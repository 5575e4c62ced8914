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
import { parseBody } from '@erp/platform';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { MyTasksQuery } from '../my-tasks/my-tasks.query';
import { ReportProgressCommand } from '../report-progress/report-progress.command';
import { MoveTaskCommand, StageMove } from './move-task.command';

const DeclineSchema = z.strictObject({
  reason: z.string().trim().min(1, '须说明理由 a reason is required').max(500),
});

const count = z.number().int().min(0).max(1_000_000);
const ReportSchema = z.strictObject({
  text: z.string().trim().min(1, '报告内容不能为空 the report needs text').max(4000),
  casualties: z
    .strictObject({ deaths: count, missing: count, seriousInjuries: count, trapped: count })
    .partial()
    .optional(),
  economicLossCny: z.number().finite().min(0).max(1e13).optional(),
});

const ListSchema = z.strictObject({ status: z.enum(['open', 'all']).default('all') });

/** A duty officer's tasks and the moves on them (签收 出发 到达 报告 完成 拒绝). */
@Controller('api/v1/tasks')
@UseGuards(SignedInGuard)
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** The tasks of the units the officer acts for, newest first; `?status=open` for those still owed. */
  @Get()
  async mine(@Req() req: UserRequest, @Query() query: unknown) {
    const { status } = parseBody(ListSchema, query);
    return this.queries.execute(new MyTasksQuery(req.user, status === 'open'));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'acknowledge');
  }

  @Post(':id/depart')
  @HttpCode(200)
  depart(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'depart');
  }

  @Post(':id/arrive')
  @HttpCode(200)
  arrive(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'arrive');
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'complete');
  }

  @Post(':id/decline')
  @HttpCode(200)
  decline(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const { reason } = parseBody(DeclineSchema, body);
    return this.move(req, id, 'decline', reason);
  }

  @Post(':id/reports')
  @HttpCode(201)
  report(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const report = parseBody(ReportSchema, body);
    return this.commands.execute(new ReportProgressCommand(id, report, req.user));
  }

  private move(req: UserRequest, id: string, move: StageMove, reason?: string) {
    return this.commands.execute(new MoveTaskCommand(id, move, req.user, reason));
  }
}
