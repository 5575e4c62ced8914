import { Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { z } from 'zod';
import {
  DomainError,
  OPEN_WARNING_TASK_STATUSES,
  ReadStore,
  warningNotFound,
  WarningTaskMove,
} from '@erp/domain';
import { SignedInGuard, UserRequest } from '@erp/auth';
import { ApiDoc, parseBody } from '@erp/platform';
import { MoveWarningTaskCommand } from '../move-warning-task/move-warning-task.command';
import { warningDetail, warningSummary, warningTaskView } from './warning-view';

const ListQuerySchema = z.strictObject({
  active: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** 预警: warnings and their tasks, read by anyone signed in; a task moved by its responsible person. */
@Controller('api/v1/warnings')
@UseGuards(SignedInGuard)
export class WarningsController {
  constructor(
    private readonly store: ReadStore,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiDoc({ summary: '预警列表 warnings, newest first; `active` filters', query: ListQuerySchema })
  async list(@Query() query: unknown) {
    const { active, limit } = parseBody(ListQuerySchema, query);
    const items = await this.store.warnings.list({
      active: active === undefined ? undefined : active === 'true',
      limit,
    });
    return { items: items.map(warningSummary) };
  }

  /** The signed-in person's warning tasks (open ones), newest first. */
  @Get('tasks/mine')
  @ApiDoc({ summary: '我的预警任务 my open warning tasks, newest first' })
  async mine(@Req() req: UserRequest) {
    const tasks = await this.store.warnings.tasksOfAssignee(req.user.username, OPEN_WARNING_TASK_STATUSES);
    return { items: tasks.map(warningTaskView) };
  }

  @Get(':id')
  @ApiDoc({
    summary: '预警详情 a warning with its tasks and their hazard points',
    errors: { 404: 'WARNING.NOT_FOUND' },
  })
  async one(@Param('id') id: string) {
    const warning = await this.store.warnings.get(id);
    if (!warning) throw warningNotFound(id);
    const tasks = await this.store.warnings.tasksOf(id);
    const points = await this.store.hazardPoints.list();
    return warningDetail(warning, tasks, new Map(points.map((p) => [p.id, p])));
  }

  @Post('tasks/:taskId/:move')
  @ApiDoc({
    summary: '处理预警任务 acknowledge or complete my warning task',
    description: "`move` is `acknowledge` or `complete`; only the task's responsible person moves it.",
    success: { description: 'the task as it stands now' },
    errors: {
      403: 'WARNING_TASK.NOT_YOURS',
      404: 'WARNING_TASK.NOT_FOUND, or WARNING_TASK.UNKNOWN_MOVE',
      409: 'WARNING_TASK.ILLEGAL_MOVE: not open to that move now',
    },
  })
  async move(@Req() req: UserRequest, @Param('taskId') taskId: string, @Param('move') move: string) {
    if (move !== 'acknowledge' && move !== 'complete') {
      throw new DomainError(
        'WARNING_TASK.UNKNOWN_MOVE',
        'not_found',
        `无此操作 no move ${move}: acknowledge or complete`,
      );
    }
    const task = await this.commands.execute(
      new MoveWarningTaskCommand(taskId, move as WarningTaskMove, req.user),
    );
    return warningTaskView(task);
  }
}
