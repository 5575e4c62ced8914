import { Module } from '@nestjs/common';
import { DispatchKnowledge } from './dispatch-owed-tasks/dispatch-knowledge';
import { DispatchStreams } from './dispatch-streams.consumer';
import { DispatchOwedTasksHandler } from './dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { OpenIncidentHandler } from './open-incident/open-incident.handler';
import { StandDownTeamsHandler } from './stand-down-teams/stand-down-teams.handler';
import { ReinforceHandler } from './reinforce/reinforce.handler';
import { RegradeOnReportHandler } from './regrade-on-report/regrade-on-report.handler';

/**
 * Dispatch (调度): alarms become classified incidents (correlation, classification); classified incidents
 * get the tasks the tiered response plan owes them, and rescue teams inside the 15-minute circle; a
 * cancelled incident stands its teams down.
 */
@Module({
  providers: [
    DispatchStreams,
    OpenIncidentHandler,
    DispatchOwedTasksHandler,
    DispatchKnowledge,
    StandDownTeamsHandler,
    ReinforceHandler,
    RegradeOnReportHandler,
  ],
})
export class DispatchModule {}
