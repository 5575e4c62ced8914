import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { actingOfficer } from '@erp/auth';
import { encodeCursor } from './incident-cursor';
import { IncidentPage, ListIncidentsQuery } from './list-incidents.query';
import { ReadStore, readsEverything } from '@erp/domain';

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery, IncidentPage> {
  constructor(private readonly store: ReadStore) {}

  async execute({ user, filter, after, limit }: ListIncidentsQuery): Promise<IncidentPage> {
    const everything = readsEverything(user);
    const withTaskForUnits = everything
      ? undefined
      : actingOfficer(user, await this.store.structure.registry()).unitIds;
    const { items, next } = await this.store.incidents.list({ ...filter, withTaskForUnits }, after, limit);
    return { items, nextCursor: next ? encodeCursor(next) : null };
  }
}
