import { Module } from '@nestjs/common';
import { AlarmStreamConsumer } from './alarm-stream.consumer';
import { OpenIncidentHandler } from './open-incident/open-incident.handler';

/** Dispatch (调度): alarms become classified incidents with tasks for the responsible units. */
@Module({ providers: [AlarmStreamConsumer, OpenIncidentHandler] })
export class DispatchModule {}
