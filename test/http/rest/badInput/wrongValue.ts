import type { z } from 'zod';

/**
 * A value of the wrong type for a zod 4 schema, derived from its definition: a string field gets a
 * number, a number a string, a boolean "yes", an object an array, an enum a value it doesn't list.
 * Optional, nullable, default and pipe wrappers are unwrapped (what counts is the type the value
 * meets first); a union gets the first wrong value of one option that no option accepts.
 */

type Def = {
  readonly type: string;
  readonly innerType?: z.ZodType;
  readonly in?: z.ZodType;
  readonly options?: readonly z.ZodType[];
};

const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

const unwrap = (schema: z.ZodType): z.ZodType => {
  const def = defOf(schema);
  if (wrappers.has(def.type) && def.innerType) return unwrap(def.innerType);
  if (def.type === 'pipe' && def.in) return unwrap(def.in);
  return schema;
};

const wrongOfType: Readonly<Record<string, unknown>> = {
  string: 123,
  number: 'x',
  bigint: 'x',
  boolean: 'yes',
  object: [],
  record: [],
  array: {},
  tuple: {},
  enum: 'NOT_A_VALUE',
  literal: 'NOT_A_VALUE',
  date: 'x',
};

const candidatesFor = (schema: z.ZodType): unknown[] => {
  const def = defOf(unwrap(schema));
  if (def.type === 'union') return (def.options ?? []).flatMap(candidatesFor);
  return def.type in wrongOfType ? [wrongOfType[def.type]] : [];
};

/** The wrong value for `schema`, checked against it; undefined when the schema accepts anything tried. */
export const wrongValueFor = (schema: z.ZodType): unknown =>
  candidatesFor(schema).find((value) => !schema.safeParse(value).success);
