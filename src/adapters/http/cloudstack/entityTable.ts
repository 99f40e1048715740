import type { Item } from '../../../projections/queries/index.ts';
import type { Names } from './entities.ts';
import { compact } from './protocol.ts';

/**
 * An entity described once: each CloudStack field with its listApis type and how it is read from a
 * row. The mapper and listApis' response fields both come from it, so they cannot disagree.
 */
export type Row = Item & Record<string, unknown>;
type Extract = (row: Row, names: Names) => unknown;
export type EntityTable = Readonly<Record<string, readonly [type: string, extract: Extract]>>;

export const mapEntity = async (
  table: EntityTable,
  names: Names,
  row: Row,
): Promise<Record<string, unknown>> =>
  compact(
    Object.fromEntries(
      await Promise.all(Object.entries(table).map(async ([name, [, get]]) => [name, await get(row, names)])),
    ),
  );

export const fieldsOf = (table: EntityTable): [string, string][] =>
  Object.entries(table).map(([name, [type]]) => [name, type]);

/** Shorthands: a row field as is, and the name of a referenced resource. */
export const f =
  (key: string): Extract =>
  (r) =>
    r[key];
export const nameOf =
  (resource: Parameters<Names['name']>[0], key: string, field?: string): Extract =>
  (r, names) =>
    names.name(resource, r[key], field);
