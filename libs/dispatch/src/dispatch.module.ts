import { Module } from '@nestjs/common';
import { AlarmStreamConsumer } from './alarm-stream.consumer';
import { DispatchKnowledge } from './dispatch-owed-tasks/dispatch-knowledge';
import { DispatchOwedTasksHandler } from './dispatch-owed-tasks/dispatch-owed-tasks.handler';
import { IncidentStreamConsumer } from './incident-stream.consumer';
import { OpenIncidentHandler } from './open-incident/open-incident.handler';

/**
 * Dispatch (调度): alarms become classified incidents (correlation, classification); classified incidents
 * get the tasks the tiered response plan owes them, and rescue teams inside the 15-minute circle.
 */
@Module({
  providers: [
    AlarmStreamConsumer,
    OpenIncidentHandler,
    IncidentStreamConsumer,
    DispatchOwedTasksHandler,
    DispatchKnowledge,
  ],
})
export class DispatchModule {}
