import * as entities from './all-entities';

export * from './all-entities';

/** Every entity, for the data source. */
export const ENTITIES = Object.values(entities);
