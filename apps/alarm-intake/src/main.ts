import 'reflect-metadata';
import { IntakeModule } from '@erp/intake';
import { runMain, startService } from '@erp/platform';

/**
 * Alarm intake (接警): POST /api/v1/alarms; an alarm is durable before it is acknowledged. Also warnings
 * (预警): forecast CAP alerts, and a hazard point's sensors over threshold (SensorThresholdExceeded).
 */
void runMain((config) =>
  startService({ service: 'alarm-intake', contexts: [IntakeModule], relay: true, timers: false }, config),
);
