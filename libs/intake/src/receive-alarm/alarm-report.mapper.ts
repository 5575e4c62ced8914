import { AlarmReport } from '@erp/domain';
import { AlarmSubmission } from '@erp/contracts';

/** A validated JSON submission as the domain's AlarmReport. */
export function toAlarmReport(alarm: AlarmSubmission): AlarmReport {
  return {
    source: alarm.source,
    externalId: alarm.externalId,
    type: alarm.type,
    occurredAt: new Date(alarm.occurredAt),
    townshipCode: alarm.townshipCode,
    location: alarm.location,
    description: alarm.description,
    category: alarm.category,
    facts: {
      casualties: alarm.casualties,
      economicLossCny: alarm.economicLossCny,
      affectedAreaHa: alarm.affectedAreaHa,
      personsThreatened: alarm.personsThreatened,
    },
    hazardPointId: alarm.hazardPointId,
    reporter: alarm.reporter,
    exercise: alarm.exercise,
    timeScale: alarm.timeScale,
  };
}
