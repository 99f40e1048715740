import { describe, expect, it } from 'vitest';
import { encodeEvent, eventSchemasByAggregate } from '../../src/domain/events.ts';

describe('event registry', () => {
  it('has no event type name used by two aggregates', () => {
    const names = Object.values(eventSchemasByAggregate).flatMap((schemas) => Object.keys(schemas));
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('encodes a valid event with its schema version', () => {
    expect(encodeEvent({ type: 'ZoneEnabled', data: { zoneId: 'z1' } })).toEqual({
      data: { zoneId: 'z1' },
      schemaVersion: 1,
    });
  });

  it('refuses a payload that does not match its schema', () => {
    expect(() => encodeEvent({ type: 'ZoneEnabled', data: { zone: 'z1' } })).toThrow(
      /ZoneEnabled does not match/,
    );
  });

  it('refuses an unknown event type', () => {
    expect(() => encodeEvent({ type: 'NoSuchThing', data: {} })).toThrow(/no schema/);
  });
});
