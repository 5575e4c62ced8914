import type { AlarmState } from '../alarm/alarm';
import type { IncidentState } from '../incident/incident';
import type { TaskState } from '../task/task';
import type { UnitRegistry } from '../command-structure/unit-registry';

/** A situation report as stored (情况报告). */
export interface StoredTaskReport {
  id: string;
  taskId: string;
  reportedAt: Date;
  reportedBy: string;
  text: string;
}

/** Everything the printable incident report shows besides the timeline. */
export interface IncidentRecord {
  incident: IncidentState;
  alarms: AlarmState[];
  tasks: TaskState[];
  reports: StoredTaskReport[];
}

/** Reads of an incident for audit: its record, who holds tasks in it, and the units' names. */
export interface IncidentRecordReadModel {
  record(incidentId: string): Promise<IncidentRecord | null>;
  /** The units with a task in the incident (who may see it), or null when there is no such incident. */
  incidentUnits(incidentId: string): Promise<string[] | null>;
  /** The command structure as stored now: unit names, and which teams an officer acts for. */
  units(): Promise<UnitRegistry>;
}

export const INCIDENT_RECORD_READ_MODEL = Symbol('IncidentRecordReadModel');
