import { AlarmSourceEntity } from './alarm-source.entity';
import { AlarmEntity } from './alarm.entity';
import { IncidentEntity } from './incident.entity';
import { OutboxRecordEntity } from './outbox-record.entity';
import { ProcessedEventEntity } from './processed-event.entity';
import { TaskEntity } from './task.entity';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity } from './user.entity';

export {
  AlarmSourceEntity,
  AlarmEntity,
  IncidentEntity,
  OutboxRecordEntity,
  ProcessedEventEntity,
  TaskEntity,
  TimelineEntryEntity,
  UnitEntity,
  UserEntity,
};

export const ENTITIES = [
  AlarmSourceEntity,
  AlarmEntity,
  IncidentEntity,
  OutboxRecordEntity,
  ProcessedEventEntity,
  TaskEntity,
  TimelineEntryEntity,
  UnitEntity,
  UserEntity,
];
