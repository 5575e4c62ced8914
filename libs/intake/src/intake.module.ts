import { Module } from '@nestjs/common';
import { AppConfig } from '@erp/config';
import { DateWindow } from '@erp/domain';
import { APP_CONFIG } from '@erp/platform';
import { AlarmsController } from './alarms.controller';
import { CapAlarmsController } from './receive-cap/cap-alarms.controller';
import { CapParsing } from './receive-cap/cap-parsing';
import { ApiKeyGuard } from './alarm-source/api-key.guard';
import { AlarmAdmission } from './receive-alarm/alarm-admission';
import { ReceiveAlarmHandler } from './receive-alarm/receive-alarm.handler';
import { ReceiveWarningHandler } from './receive-warning/receive-warning.handler';
import { WarningChanges } from './receive-warning/warning-changes';
import { RaiseSensorWarningHandler } from './raise-sensor-warning/raise-sensor-warning.handler';
import { SensorWarningsConsumer } from './raise-sensor-warning/sensor-warnings.consumer';
import { AlarmSubmissionsConsumer } from './machine-sources/alarm-submissions.consumer';
import { SensorReadingsConsumer } from './machine-sources/sensor-readings.consumer';
import { ReadingIntake } from './receive-readings/reading-intake';
import { ReadingsController } from './receive-readings/readings.controller';

/**
 * Alarm intake (接警): sources send alarms; each is durable before it is acknowledged, alarms arriving
 * together in one transaction (AlarmAdmission); forecast CAP alerts as warnings; monitoring readings, checked
 * against their sensors' thresholds, and a warning for each hazard point whose sensor went over.
 */
@Module({
  controllers: [AlarmsController, CapAlarmsController, ReadingsController],
  providers: [
    ApiKeyGuard,
    AlarmAdmission,
    ReceiveAlarmHandler,
    ReceiveWarningHandler,
    WarningChanges,
    RaiseSensorWarningHandler,
    SensorWarningsConsumer,
    AlarmSubmissionsConsumer,
    ReadingIntake,
    SensorReadingsConsumer,
    CapParsing,
    {
      provide: DateWindow,
      useFactory: (config: AppConfig) =>
        new DateWindow(config.acceptedDatesFrom, config.acceptedDatesAheadMs),
      inject: [APP_CONFIG],
    },
  ],
})
export class IntakeModule {}
