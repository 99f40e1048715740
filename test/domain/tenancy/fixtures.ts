import { expect } from 'vitest';
import type { Event, EventSchemas } from '../../../src/domain/shared/index.ts';

/** Readable, valid (v4) uuids for tests: uuid(1) → 00000000-0000-4000-8000-000000000001. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const ids = {
  root: uuid(0x100),
  acme: uuid(0x101),
  globex: uuid(0x102),
  dev: uuid(0x103),
  ops: uuid(0x104),
  alice: uuid(0x201),
  bob: uuid(0x202),
  carol: uuid(0x203),
  aliceUser: uuid(0x301),
  bobUser: uuid(0x302),
} as const;

export const now = '2026-03-01T10:00:00.000Z';
export const later = '2026-03-01T11:00:00.000Z';

/** Every emitted event must satisfy the zod schema the event store validates it with. */
export const expectSchemaValid = (schemas: EventSchemas, events: readonly Event[]): void => {
  for (const event of events) {
    const schema = schemas[event.type];
    expect(schema, `schema for ${event.type}`).toBeDefined();
    expect(schema?.schema.safeParse(event.data).error).toBeUndefined();
  }
};
