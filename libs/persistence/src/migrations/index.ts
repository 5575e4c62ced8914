import { Foundation1764480000000 } from './1764480000000-foundation';
import { AlarmFactsAndJurisdiction1764490000000 } from './1764490000000-alarm-facts-and-jurisdiction';
import { IncidentCorrelation1764500000000 } from './1764500000000-incident-correlation';
import { AlarmRelationsAndCap1764510000000 } from './1764510000000-alarm-relations-and-cap';
import { AlarmSourceLimits1764520000000 } from './1764520000000-alarm-source-limits';
import { OutboxWithoutNotify1764530000000 } from './1764530000000-outbox-without-notify';
import { CommandStructure1764540000000 } from './1764540000000-command-structure';
import { TaskPlanDeadlines1764550000000 } from './1764550000000-task-plan-deadlines';
import { CityReport1764560000000 } from './1764560000000-city-report';
import { TaskLifecycle1764570000000 } from './1764570000000-task-lifecycle';
import { AuditTrail1764580000000 } from './1764580000000-audit-trail';
import { LoginAttempts1764600000000 } from './1764600000000-login-attempts';
import { LeastPrivilegeRoles1764600010000 } from './1764600010000-least-privilege-roles';
import { AuditTrailAppendOnly1764600020000 } from './1764600020000-audit-trail-append-only';
import { Retirement1764620000000 } from './1764620000000-retirement';
import { TownshipPoints1764620010000 } from './1764620010000-township-points';
import { NotificationsAndSensors1764640000000 } from './1764640000000-notifications-and-sensors';
import { HazardPoints1764610000000 } from './1764610000000-hazard-points';
import { Warnings1764610010000 } from './1764610010000-warnings';

/** Every migration, in order. A CI test fails when these and the entities disagree. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [
  Foundation1764480000000,
  AlarmFactsAndJurisdiction1764490000000,
  IncidentCorrelation1764500000000,
  AlarmRelationsAndCap1764510000000,
  AlarmSourceLimits1764520000000,
  OutboxWithoutNotify1764530000000,
  CommandStructure1764540000000,
  TaskPlanDeadlines1764550000000,
  CityReport1764560000000,
  TaskLifecycle1764570000000,
  AuditTrail1764580000000,
  LoginAttempts1764600000000,
  LeastPrivilegeRoles1764600010000,
  AuditTrailAppendOnly1764600020000,
  Retirement1764620000000,
  TownshipPoints1764620010000,
  NotificationsAndSensors1764640000000,
  HazardPoints1764610000000,
  Warnings1764610010000,
];
