import type { z } from 'zod';

/**
 * Each event type has a zod schema for its payload and a version. A new incompatible shape gets a
 * new version (and an upcaster in the adapters), never an in-place edit.
 */
export type EventSchema<S extends z.ZodType = z.ZodType> = { readonly version: number; readonly schema: S };
export type EventSchemas = Readonly<Record<string, EventSchema>>;

export const v1 = <S extends z.ZodType>(schema: S): EventSchema<S> => ({ version: 1, schema });

/** The event union described by a schema map. */
export type EventsOf<M extends EventSchemas> = {
  [K in keyof M & string]: { readonly type: K; readonly data: z.infer<M[K]['schema']> };
}[keyof M & string];
