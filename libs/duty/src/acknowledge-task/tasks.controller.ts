import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { TaskEntity } from '@erp/persistence';
import { SignedInGuard, UserRequest } from '../auth/signed-in.guard';
import { AcknowledgeTaskCommand } from './acknowledge-task.command';

@Controller('api/v1/tasks')
@UseGuards(SignedInGuard)
export class TasksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
  ) {}

  /** The signed-in officer's unit's tasks, newest first. */
  @Get()
  async mine(@Req() req: UserRequest) {
    if (!req.user.unitId) return [];
    return this.dataSource
      .getRepository(TaskEntity)
      .find({ where: { unitId: req.user.unitId }, order: { dispatchedAt: 'DESC' }, take: 200 });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledge(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.commands.execute(new AcknowledgeTaskCommand(id, req.user));
  }
}
