import { Module } from '@nestjs/common';
import { AuthModule } from '@erp/auth';
import { AddMemberHandler, RemoveMemberHandler } from './add-member/add-member.handler';
import { ChangeUserRoleHandler } from './change-user-role/change-user-role.handler';
import { UsersController } from './change-user-role/users.controller';
import { CorrectTownshipPointHandler } from './correct-township-point/correct-township-point.handler';
import { TownshipsController } from './correct-township-point/townships.controller';
import { CreateUnitHandler } from './create-unit/create-unit.handler';
import { DistrictWorkbookController } from './import-district/district-workbook.controller';
import { ImportDistrictHandler } from './import-district/import-district.handler';
import { RetireUnitHandler } from './retire-unit/retire-unit.handler';
import { StructureWriter } from './structure-change/structure-writer';
import { ChangeTeamStatusHandler } from './change-team-status/change-team-status.handler';
import { TeamsController } from './change-team-status/teams.controller';
import { CoverageController } from './coverage/coverage.controller';
import { HazardPointsController } from './hazard-points/hazard-points.controller';
import { RegisterHazardPointHandler } from './register-hazard-point/register-hazard-point.handler';
import { RemoveHazardPointHandler } from './remove-hazard-point/remove-hazard-point.handler';
import { ReviseHazardPointHandler } from './revise-hazard-point/revise-hazard-point.handler';
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
 * plan's versions, the 15-minute rescue circle's coverage, the monitoring sensors' thresholds and the
 * hazard register (隐患点), read and changed through the admin API.
 */
@Module({
  imports: [AuthModule],
  controllers: [
    UnitsController,
    TeamsController,
    PlanController,
    CoverageController,
    DistrictWorkbookController,
    TownshipsController,
    SensorsController,
    HazardPointsController,
    UsersController,
  ],
  providers: [
    UnitEditor,
    UpdateUnitHandler,
    ReplaceRosterHandler,
    ChangeTeamStatusHandler,
    PublishPlanHandler,
    StructureWriter,
    CreateUnitHandler,
    RetireUnitHandler,
    AddMemberHandler,
    RemoveMemberHandler,
    ImportDistrictHandler,
    CorrectTownshipPointHandler,
    RegisterSensorHandler,
    RegisterHazardPointHandler,
    ReviseHazardPointHandler,
    RemoveHazardPointHandler,
    ChangeUserRoleHandler,
  ],
})
export class CommandModule {}
