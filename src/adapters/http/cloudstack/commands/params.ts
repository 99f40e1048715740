import type { ListFilters } from '../../../../projections/queries/index.ts';
import type { Call } from '../table.ts';

/**
 * Optional params read into what an operation or a query takes: each under its own name, and left
 * out (not undefined) when the call does not give it, as the operations' inputs expect.
 */

const present = <K extends string, T>(
  names: Readonly<Record<K, string>>,
  read: (param: string) => T | undefined,
): Partial<Record<K, T>> =>
  Object.fromEntries(
    Object.entries<string>(names).flatMap(([key, param]) => {
      const value = read(param);
      return value === undefined ? [] : [[key, value]];
    }),
  ) as Partial<Record<K, T>>;

/** The string params given: given(call, { hostId: 'hostid' }) is { hostId } when hostid is given, else {}. */
export const given = <K extends string>(call: Call, names: Readonly<Record<K, string>>) =>
  present(names, (param) => call.str(param));

/** The boolean params given (true or false), as `given`. */
export const givenFlags = <K extends string>(call: Call, names: Readonly<Record<K, string>>) =>
  present(names, (param) => call.bool(param));

/** A filter's param: its name, or its name and how its value becomes the filter (undefined: no filter). */
type FilterParam = string | readonly [param: string, as: (value: string) => unknown];

/** The list filters the call's params give, each left out when its param is absent. */
export const filtersFrom = (
  call: Call,
  params: Readonly<Partial<Record<keyof ListFilters, FilterParam>>>,
): ListFilters =>
  Object.fromEntries(
    Object.entries(params).flatMap(([filter, param]) => {
      const [name, as] = typeof param === 'string' ? [param, (v: string) => v] : param;
      const value = call.str(name);
      const kept = value === undefined ? undefined : as(value);
      return kept === undefined ? [] : [[filter, kept]];
    }),
  );

/** A comma-separated param as a list (ids). */
export const csv = (value: string): readonly string[] => value.split(',');
