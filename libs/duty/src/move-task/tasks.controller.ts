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

const MOVE_ERRORS = {
  403: '不是你单位的任务 TASK.NOT_YOUR_UNIT',
  404: '无此任务 no such task',
  409: '此阶段不能这样操作 TASK.ILLEGAL_MOVE, with `current` and `allowed`',
};

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
  @ApiDoc({
    summary: '我的任务 the tasks of my units, newest first',
    description: 'Each with its `deadlines`, `nextDeadline`, `allowedMoves` and `incident`.',
    query: ListSchema,
  })
  async mine(@Req() req: UserRequest, @Query() query: unknown) {
    const { status } = parseBody(ListSchema, query);
    return this.queries.execute(new MyTasksQuery(req.user, status === 'open'));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiDoc({
    summary: '签收 acknowledge the task',
    success: { description: 'the task, moved' },
    errors: MOVE_ERRORS,
  })
  acknowledge(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'acknowledge');
  }

  @Post(':id/depart')
  @HttpCode(200)
  @ApiDoc({
    summary: '出发 depart the task',
    success: { description: 'the task, moved' },
    errors: MOVE_ERRORS,
  })
  depart(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'depart');
  }

  @Post(':id/arrive')
  @HttpCode(200)
  @ApiDoc({
    summary: '到达 arrive the task',
    success: { description: 'the task, moved' },
    errors: MOVE_ERRORS,
  })
  arrive(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'arrive');
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiDoc({
    summary: '完成 complete the task',
    success: { description: 'the task, moved' },
    errors: MOVE_ERRORS,
  })
  complete(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.move(req, id, 'complete');
  }

  @Post(':id/decline')
  @HttpCode(200)
  @ApiDoc({
    summary: '拒绝 decline the task, with a reason',
    description: "A team's task goes to the next best team at once.",
    body: DeclineSchema,
    success: { description: 'the task, declined' },
    errors: MOVE_ERRORS,
  })
  decline(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const { reason } = parseBody(DeclineSchema, body);
    return this.move(req, id, 'decline', reason);
  }

  @Post(':id/reports')
  @HttpCode(201)
  @ApiDoc({
    summary: '报告 a situation report on the task (after acknowledging)',
    description: "The figures re-grade the incident as an alarm's would.",
    body: ReportSchema,
    success: { description: 'the report, kept' },
    errors: MOVE_ERRORS,
  })
  report(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: unknown) {
    const report = parseBody(ReportSchema, body);
    return this.commands.execute(new ReportProgressCommand(id, report, req.user));
  }

  private move(req: UserRequest, id: string, move: StageMove, reason?: string) {
    return this.commands.execute(new MoveTaskCommand(id, move, req.user, reason));
  }
}
