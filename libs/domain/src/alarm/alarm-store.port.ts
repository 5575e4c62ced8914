import type { Alarm, AlarmState } from './alarm';

export interface AlarmStore {
  listByIncident(incidentId: string): Promise<AlarmState[]>;
  getAll(ids: readonly string[]): Promise<Map<string, Alarm>>;
  /** The ids of the alarms that were new (a source's same external id is one alarm). */
  insertAllIfNew(alarms: readonly Alarm[]): Promise<Set<string>>;
  idsByKey(keys: readonly { source: string; externalId: string }[]): Promise<Map<string, string>>;
  saveAll(alarms: readonly Alarm[]): Promise<void>;
  find(id: string): Promise<AlarmState | null>;
  /** The latest alarm a source sent under any of these external ids (what a CAP Update or Cancel names). */
  latestByExternalIds(source: string, externalIds: readonly string[]): Promise<AlarmState | null>;
}

/** The key a source gives an alarm, (source, external id), as one string for maps and sets. */
export function alarmKey(source: string, externalId: string): string {
  return JSON.stringify([source, externalId]);
}
