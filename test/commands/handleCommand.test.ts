import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresEventStore, type EventStore } from '../../src/adapters/eventstore/index.ts';
import { CommandBus } from '../../src/commands/commandBus.ts';
import { DomainError } from '../../src/domain/shared/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createZone, ctx } from './support.ts';

let db: TestDatabase;
let store: EventStore;
let bus: CommandBus;
beforeAll(async () => {
  db = await createTestDatabase();
  store = createPostgresEventStore({ pool: db.pool });
  bus = new CommandBus(store);
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

describe('command handling', () => {
  it('appends the decided events with metadata: command, correlation, causation, actor, schema version', async () => {
    const zoneId = randomUUID();
    const context = ctx({ causationId: 'cause-1', requestId: 'req-1' });
    const result = await bus.execute('zone', zoneId, createZone(zoneId), context);
    expect(result.revision).toBe(0n);
    const [event] = await store.readStream(`zone-${zoneId}`);
    expect(event!.type).toBe('ZoneCreated');
    expect(event!.metadata).toMatchObject({
      commandId: context.commandId,
      correlationId: context.correlationId,
      causationId: 'cause-1',
      requestId: 'req-1',
      actor: context.actor,
      schemaVersion: 1,
    });
    expect(result.position).toBe(event!.position);
  });

  it('returns the first result for a retried idempotency key and appends nothing', async () => {
    const zoneId = randomUUID();
    const first = await bus.execute('zone', zoneId, createZone(zoneId), ctx({ idempotencyKey: 'same' }));
    const again = await bus.execute('zone', zoneId, createZone(zoneId), ctx({ idempotencyKey: 'same' }));
    expect(again.position).toBe(first.position);
    expect(again.events).toEqual(first.events);
    expect(await store.readStream(`zone-${zoneId}`)).toHaveLength(1);
  });

  it('surfaces a refusal as a DomainError and appends nothing', async () => {
    const zoneId = randomUUID();
    await bus.execute('zone', zoneId, createZone(zoneId), ctx());
    await expect(bus.execute('zone', zoneId, createZone(zoneId), ctx())).rejects.toBeInstanceOf(DomainError);
    expect(await store.readStream(`zone-${zoneId}`)).toHaveLength(1);
  });

  it('retries on version conflicts: 20 concurrent updates of one stream all land, each exactly once', async () => {
    const zoneId = randomUUID();
    await bus.execute('zone', zoneId, createZone(zoneId), ctx());
    const renames = Array.from({ length: 20 }, (_, i) =>
      bus.execute('zone', zoneId, { type: 'UpdateZone', data: { zoneId, name: `name-${i}` } }, ctx()),
    );
    await Promise.all(renames);
    const events = await store.readStream(`zone-${zoneId}`);
    expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, i) => BigInt(i)));
    expect(new Set(events.slice(1).map((e) => (e.data as { name: string }).name)).size).toBe(20);
  });
});

describe('folded stream states kept between commands', () => {
  it('a node that cached a stream sees what another node appended since, and never writes over it', async () => {
    const zoneId = randomUUID();
    const nodeA = new CommandBus(store);
    const nodeB = new CommandBus(store);
    await nodeA.execute('zone', zoneId, createZone(zoneId), ctx());
    await nodeA.load('zone', zoneId);
    await nodeB.execute('zone', zoneId, { type: 'UpdateZone', data: { zoneId, name: 'from-b' } }, ctx());
    expect((await nodeA.load('zone', zoneId)).state).toMatchObject({ name: 'from-b' });
    await nodeA.execute('zone', zoneId, { type: 'UpdateZone', data: { zoneId, name: 'from-a' } }, ctx());
    expect((await store.readStream(`zone-${zoneId}`)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('answers an idempotent retry from the cache with the first result', async () => {
    const zoneId = randomUUID();
    const first = await bus.execute(
      'zone',
      zoneId,
      createZone(zoneId),
      ctx({ idempotencyKey: 'cached-key' }),
    );
    await bus.execute('zone', zoneId, { type: 'UpdateZone', data: { zoneId, name: 'later' } }, ctx());
    const again = await bus.execute(
      'zone',
      zoneId,
      createZone(zoneId),
      ctx({ idempotencyKey: 'cached-key' }),
    );
    expect(again.position).toBe(first.position);
    expect(again.events).toEqual(first.events);
  });

  it('reads only the events after the cached revision', async () => {
    const zoneId = randomUUID();
    const counting = { ...store, reads: [] as unknown[] } as EventStore & { reads: unknown[] };
    counting.readStream = (stream, options) => {
      counting.reads.push(options?.fromRevision);
      return store.readStream(stream, options);
    };
    const node = new CommandBus(counting);
    await node.execute('zone', zoneId, createZone(zoneId), ctx());
    await node.execute('zone', zoneId, { type: 'UpdateZone', data: { zoneId, name: 'x' } }, ctx());
    await node.load('zone', zoneId);
    expect(counting.reads).toEqual(['start', 1n, 2n]);
  });
});
