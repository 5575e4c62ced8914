import { DataSource } from 'typeorm';
import type { IncidentRecord, IncidentRecordReadModel, UnitRegistry } from '@erp/domain';
import { preparedQuery } from '../prepared-query';
import { AlarmRepository } from '../repositories/alarm.repository';
import { CommandStructureSnapshots } from '../repositories/command-structure-snapshots';
import { IncidentRepository } from '../repositories/incident.repository';
import { TaskReportRepository, TaskRepository } from '../repositories/task.repository';

/** An incident's record for audit, read from PostgreSQL. */
export class PostgresIncidentRecordReadModel implements IncidentRecordReadModel {
  constructor(
    private readonly dataSource: DataSource,
    private readonly structure: CommandStructureSnapshots,
  ) {}

  async record(incidentId: string): Promise<IncidentRecord | null> {
    const m = this.dataSource.manager;
    const incident = await IncidentRepository.find(m, incidentId);
    if (!incident) return null;
    const [alarms, tasks, reports] = await Promise.all([
      AlarmRepository.listByIncident(m, incidentId),
      TaskRepository.listByIncident(m, incidentId),
      TaskReportRepository.listByIncident(m, incidentId),
    ]);
    return { incident, alarms, tasks, reports };
  }

  async incidentUnits(incidentId: string): Promise<string[] | null> {
    const [row] = await preparedQuery<{ found: boolean; units: string[] }>(
      this.dataSource.manager,
      `SELECT EXISTS (SELECT 1 FROM incidents WHERE id = $1) AS found,
              ARRAY(SELECT DISTINCT unit_id FROM tasks WHERE incident_id = $1) AS units`,
      [incidentId],
    );
    return row.found ? row.units : null;
  }

  units(): Promise<UnitRegistry> {
    return this.structure.registry(this.dataSource.manager);
  }
}
