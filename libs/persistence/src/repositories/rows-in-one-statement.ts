import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { preparedQuery } from '../prepared-query';

/**
 * Reads an entity's rows where `where` holds (parameters `$1…`) as its properties, with no TypeORM
 * hydration (docs/decisions/2026-11-30-rows-in-one-statement.md); `forUpdate` locks them, `newestFirst`
 * orders by `orderBy` descending, `limit` keeps the first rows.
 */
export async function readRows<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  where: string,
  params: unknown[],
  options: { orderBy?: readonly string[]; newestFirst?: boolean; limit?: number; forUpdate?: boolean } = {},
): Promise<E[]> {
  const direction = options.newestFirst ? ' DESC' : '';
  const limit = options.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(options.limit))}` : '';
  const metadata = manager.connection.getMetadata(entity);
  const select = metadata.columns
    .map((column) => `"${column.databaseName}" AS "${column.propertyName}"`)
    .join(', ');
  return preparedQuery<E>(
    manager,
    `SELECT ${select} FROM "${metadata.tableName}" WHERE ${where}
     ${options.orderBy?.length ? `ORDER BY ${options.orderBy.map((name) => `"${name}"${direction}`).join(', ')}` : ''}
     ${limit} ${options.forUpdate ? 'FOR UPDATE' : ''}`,
    params,
  );
}

/**
 * Writes many rows of an entity (keyed by property) in one statement, as one JSON parameter
 * (jsonb_populate_recordset). `conflict.then` 'nothing' skips existing keys, 'update' overwrites the rest
 * of the row; `orderBy` orders inserts so writers sharing keys wait, not deadlock; `returning` columns.
 */
export async function writeRows<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  rows: readonly ObjectLiteral[],
  options: {
    conflict: { on: readonly string[]; then: 'nothing' | 'update' };
    orderBy?: readonly string[];
    returning?: readonly string[];
  },
): Promise<ObjectLiteral[]> {
  if (!rows.length) return [];
  const metadata = manager.connection.getMetadata(entity);
  const columns = metadata.columns;
  const names = columns.map((column) => `"${column.databaseName}"`);
  const quoted = (list: readonly string[]) => list.map((name) => `"${name}"`).join(', ');
  const json = rows.map((row) =>
    Object.fromEntries(columns.map((column) => [column.databaseName, row[column.propertyName] ?? null])),
  );
  const onConflict =
    options.conflict.then === 'nothing'
      ? 'DO NOTHING'
      : `DO UPDATE SET ${names
          .filter((name) => !options.conflict.on.includes(name.slice(1, -1)))
          .map((name) => `${name} = EXCLUDED.${name}`)
          .join(', ')}`;
  return preparedQuery(
    manager,
    `INSERT INTO "${metadata.tableName}" (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_populate_recordset(NULL::"${metadata.tableName}", $1::jsonb)
     ${options.orderBy?.length ? `ORDER BY ${quoted(options.orderBy)}` : ''}
     ON CONFLICT (${quoted(options.conflict.on)}) ${onConflict}
     ${options.returning?.length ? `RETURNING ${quoted(options.returning)}` : ''}`,
    [JSON.stringify(json)],
  );
}
