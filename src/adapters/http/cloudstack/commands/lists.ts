import type { ListFilters, ResourceName } from '../../../../projections/queries/index.ts';
import { Names } from '../entities.ts';
import { type EntityTable, mapEntity, type Row } from '../entityTable.ts';
import { pageOf } from '../scope.ts';
import type { Answer, Call } from '../table.ts';
import { list } from './shared.ts';

/**
 * The shape every list command shares: one page of a read model (filtered as params.ts reads the
 * call), narrowed in memory where the query has no such filter, each row mapped to its CloudStack
 * object.
 */

/** Maps a read-model row to its CloudStack object; `names` looks referenced names up once per request. */
export type RowMapper = (names: Names, row: Row) => object | Promise<object>;

export const byTable =
  (table: EntityTable): RowMapper =>
  (names, row) =>
    mapEntity(table, names, row);

/** Every row mapped, with one Names cache for the request. */
export const mapRows = (call: Call, map: RowMapper, rows: readonly object[]): Promise<object[]> => {
  const names = new Names(call);
  return Promise.all(rows.map((row) => map(names, row as Row)));
};

/**
 * A list command's answer over one read model: the page the call asks for, narrowed by `narrow`
 * when given (the count is then of the rows shown), each row mapped.
 */
export const pagedList = async (
  call: Call,
  key: string,
  resource: ResourceName,
  filters: ListFilters,
  map: RowMapper,
  narrow?: (row: Row) => boolean,
): Promise<Answer> => {
  const { items, count } = await pageOf(call, resource, filters);
  const shown = narrow ? (items as Row[]).filter(narrow) : items;
  return list(key, await mapRows(call, map, shown), narrow ? shown.length : count);
};
