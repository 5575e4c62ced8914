import { Module } from '@nestjs/common';
import { AcknowledgeTaskHandler } from './acknowledge-task/acknowledge-task.handler';
import { TasksController } from './acknowledge-task/tasks.controller';
import { AuthController } from './auth/auth.controller';
import { LoginThrottle } from './auth/login-throttle';
import { SignedInGuard } from './auth/signed-in.guard';
import { IncidentsController } from './incidents/incidents.controller';
import { ConfirmDowngradeHandler } from './confirm-downgrade/confirm-downgrade.handler';
import { ReferenceController } from './reference/reference.controller';

/** The duty console (值班台): sign in, see your unit's tasks and incidents, acknowledge. */
@Module({
  controllers: [AuthController, TasksController, IncidentsController, ReferenceController],
  providers: [SignedInGuard, LoginThrottle, AcknowledgeTaskHandler, ConfirmDowngradeHandler],
})
export class DutyModule {}
