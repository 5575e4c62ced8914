import { Module } from '@nestjs/common';
import { AuthModule } from '@erp/auth';
import { CloseIncidentHandler } from './close-incident/close-incident.handler';
import { ConfirmDowngradeHandler } from './confirm-downgrade/confirm-downgrade.handler';
import { IncidentDetailHandler } from './incidents/incident-detail.handler';
import { IncidentsController } from './incidents/incidents.controller';
import { ListIncidentsHandler } from './list-incidents/list-incidents.handler';
import { MoveTaskHandler } from './move-task/move-task.handler';
import { MoveWarningTaskHandler } from './move-warning-task/move-warning-task.handler';
import { WarningsController } from './warnings/warnings.controller';
import { TasksController } from './move-task/tasks.controller';
import { MyTasksHandler } from './my-tasks/my-tasks.handler';
import { ReferenceController } from './reference/reference.controller';
import { ReportProgressHandler } from './report-progress/report-progress.handler';

/**
 * The duty console (值班台): see your units' tasks and move them through their stages (签收 出发 到达
 * 报告 完成 拒绝); see and list incidents, confirm downgrades, close them (闭环); see warnings (预警) and
 * act on one's warning tasks.
 */
@Module({
  imports: [AuthModule],
  controllers: [TasksController, IncidentsController, ReferenceController, WarningsController],
  providers: [
    MoveTaskHandler,
    MoveWarningTaskHandler,
    ReportProgressHandler,
    CloseIncidentHandler,
    ConfirmDowngradeHandler,
    MyTasksHandler,
    ListIncidentsHandler,
    IncidentDetailHandler,
  ],
})
export class DutyModule {}
