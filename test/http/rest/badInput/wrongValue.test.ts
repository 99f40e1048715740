import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { wrongValueFor } from './wrongValue.ts';

describe('the wrong value derived from a zod schema', () => {
  it.each([
    ['a string', z.string().min(1), 123],
    ['a uuid', z.uuid(), 123],
    ['an instant', z.iso.datetime({ offset: true }), 123],
    ['a number', z.number().int().positive(), 'x'],
    ['a boolean', z.boolean(), 'yes'],
    ['an object', z.strictObject({ a: z.string() }), []],
    ['an array', z.array(z.string()), {}],
    ['an enum', z.enum(['A', 'B']), 'NOT_A_VALUE'],
    ['an optional string', z.string().optional(), 123],
    ['a nullable number with a default', z.number().nullable().default(null), 'x'],
    ['a boolean with a default', z.boolean().default(false), 'yes'],
    ['a string turned into a list', z.string().transform((s) => s.split(',')), 123],
    [
      'a discriminated union of objects',
      z.discriminatedUnion('k', [z.strictObject({ k: z.literal('a') })]),
      [],
    ],
    ['a list of ids or "all"', z.union([z.array(z.uuid()).min(1), z.literal('all')]), {}],
  ])('%s', (_name, schema, expected) => {
    const wrong = wrongValueFor(schema);
    expect(wrong).toEqual(expected);
    expect(schema.safeParse(wrong).success).toBe(false);
  });

  it('finds none for a schema that accepts anything', () => {
    expect(wrongValueFor(z.unknown())).toBeUndefined();
    expect(wrongValueFor(z.union([z.string(), z.number()]).optional())).toBeUndefined();
  });
});
