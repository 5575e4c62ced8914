import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { readTimeline } from '@erp/audit';
import { AlarmEntity, IncidentRepository, TaskRepository } from '@erp/persistence';
import { RequestRejected } from '@erp/platform';
import { SignedInGuard, UserRequest } from '../auth/signed-in.guard';
import { maySeeIncident } from './incident-access';
import { ConfirmDowngradeCommand } from '../confirm-downgrade/confirm-downgrade.command';

@Controller('api/v1/incidents')
@UseGuards(SignedInGuard)
export class IncidentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandBus,
  ) {}

  @Post(':id/confirm-downgrade')
  @HttpCode(200)
  async confirmDowngrade(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.assertVisible(req, id);
    return this.commands.execute(new ConfirmDowngradeCommand(id, req.user));
  }

  @Get(':id')
  async incident(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.assertVisible(req, id);
    const incident = await IncidentRepository.find(this.dataSource.manager, id);
    if (!incident) throw notFound(id);
    const [tasks, alarms] = await Promise.all([
      TaskRepository.listByIncident(this.dataSource.manager, id),
      this.dataSource
        .getRepository(AlarmEntity)
        .find({ where: { incidentId: id }, order: { receivedAt: 'ASC' } }),
    ]);
    const { anchor: _anchor, ...shown } = incident;
    return {
      ...shown,
      alarmIds: alarms.map((a) => a.id),
      tasks: tasks.map((t) => ({
        id: t.id,
        unitId: t.unitId,
        role: t.role,
        status: t.status,
        dispatchedAt: t.dispatchedAt,
        ackDeadlineAt: t.ackDeadlineAt,
        acknowledgedAt: t.acknowledgedAt,
        escalationStep: t.escalationStep,
        escalatedFromTaskId: t.escalatedFromTaskId,
        ackDeadlineMissed: t.ackDeadlineHandledAt !== null,
        clauseId: t.clauseId,
        planVersion: t.planVersion,
        departDeadlineAt: t.departDeadlineAt,
        arriveDeadlineAt: t.arriveDeadlineAt,
        firstReportDeadlineAt: t.firstReportDeadlineAt,
        capabilities: t.capabilities,
        etaSeconds: t.etaSeconds,
      })),
    };
  }

  @Get(':id/timeline')
  async timeline(@Req() req: UserRequest, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.assertVisible(req, id);
    const incident = await IncidentRepository.find(this.dataSource.manager, id);
    if (!incident) throw notFound(id);
    return readTimeline(this.dataSource, id);
  }

  private async assertVisible(req: UserRequest, id: string): Promise<void> {
    // Not found rather than forbidden: another unit's incidents are not even confirmed to exist.
    if (!(await maySeeIncident(this.dataSource, req.user, id))) throw notFound(id);
  }
}

function notFound(id: string): RequestRejected {
  return new RequestRejected(404, 'INCIDENT.NOT_FOUND', `no incident ${id}`);
}
