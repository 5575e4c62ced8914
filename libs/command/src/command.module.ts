import { Module } from '@nestjs/common';
import { AuthModule } from '@erp/auth';
import { ChangeTeamStatusHandler } from './change-team-status/change-team-status.handler';
import { TeamsController } from './change-team-status/teams.controller';
import { CoverageController } from './coverage/coverage.controller';
import { PublishPlanHandler } from './publish-plan/publish-plan.handler';
import { ReplaceRosterHandler } from './replace-roster/replace-roster.handler';
import { PlanController } from './response-plan/plan.controller';
import { UnitEditor } from './unit-edit/unit-editor';
import { UnitsController } from './units/units.controller';
import { UpdateUnitHandler } from './update-unit/update-unit.handler';
import { RegisterSensorHandler } from './sensors/register-sensor.handler';
import { SensorsController } from './sensors/sensors.controller';

/**
 * The command structure at run time (指挥体系): units, rosters and rescue-team status, the tiered response
 * plan's versions, the 15-minute rescue circle's coverage, and the monitoring sensors' thresholds, read and
 * changed through the admin API.
 */
@Module({
  imports: [AuthModule],
  controllers: [UnitsController, TeamsController, PlanController, CoverageController, SensorsController],
  providers: [
    UnitEditor,
    UpdateUnitHandler,
    ReplaceRosterHandler,
    ChangeTeamStatusHandler,
    PublishPlanHandler,
    RegisterSensorHandler,
  ],
})
export class CommandModule {}
