import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CommandStructureSnapshots, IncidentRepository } from '@erp/persistence';
import { actingOfficer } from '../move-task/acting-officer';
import { encodeCursor } from './incident-cursor';
import { IncidentPage, ListIncidentsQuery } from './list-incidents.query';

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery, IncidentPage> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly structure: CommandStructureSnapshots,
  ) {}

  async execute({ user, filter, after, limit }: ListIncidentsQuery): Promise<IncidentPage> {
    const m = this.dataSource.manager;
    const everything = user.role === 'commander' || user.role === 'auditor';
    const withTaskForUnits = everything
      ? undefined
      : actingOfficer(user, await this.structure.registry(m)).unitIds;
    const { items, next } = await IncidentRepository.list(m, { ...filter, withTaskForUnits }, after, limit);
    return { items, nextCursor: next ? encodeCursor(next) : null };
  }
}
