import { randomUUID } from 'node:crypto';
import {
  type AllStreamSubscription,
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  type Position,
  START,
  streamNameFilter,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, newCategory } from '../support.ts';
import {
  type EventStoreDbDouble,
  type EventStoreDbDoubleOptions,
  startEventStoreDbDouble,
} from './double/server.ts';

/**
 * The protocol double's own semantics, through the real client: what EventStoreDB documents and the
 * adapter relies on (and works around), so a change in the double that drifts from the server shows.
 */
const opened: { double: EventStoreDbDouble; client: EventStoreDBClient }[] = [];
const start = async (options: EventStoreDbDoubleOptions = {}) => {
  const double = await startEventStoreDbDouble(options);
  const client = EventStoreDBClient.connectionString(double.connectionString);
  opened.push({ double, client });
  return { double, client };
};
afterEach(async () => {
  for (const { double, client } of opened.splice(0)) {
    await client.dispose();
    await double.close();
  }
});

const event = (data: Record<string, unknown> = {}) => jsonEvent({ id: randomUUID(), type: 'Happened', data });
const collect = async <T>(read: AsyncIterable<T>) => {
  const all: T[] = [];
  for await (const item of read) all.push(item);
  return all;
};

describe('appends', () => {
  it('answer a retry with the same ids and expected revision with the first result', async () => {
    const { client } = await start();
    const events = [event(), event()];
    const first = await client.appendToStream('s-1', events, { expectedRevision: 'no_stream' });
    await client.appendToStream('s-1', [event()], { expectedRevision: 1n });
    expect(await client.appendToStream('s-1', events, { expectedRevision: 'no_stream' })).toEqual(first);
    expect(await collect(client.readStream('s-1'))).toHaveLength(3);
  });

  it('recognise a retry with any only while its ids are in the server cache', async () => {
    const { client } = await start({ idempotencyCacheSize: 1 });
    const retried = event();
    await client.appendToStream('s-1', [retried], { expectedRevision: 'any' });
    await client.appendToStream('s-1', [retried], { expectedRevision: 'any' });
    expect(await collect(client.readStream('s-1'))).toHaveLength(1);
    await client.appendToStream('s-2', [event()], { expectedRevision: 'any' });
    await client.appendToStream('s-1', [retried], { expectedRevision: 'any' });
    expect(await collect(client.readStream('s-1'))).toHaveLength(2);
  });

  it('refuse a retry that matches only in part as a wrong expected version', async () => {
    const { client } = await start();
    const stored = event();
    await client.appendToStream('s-1', [stored], { expectedRevision: 'no_stream' });
    const error = await client
      .appendToStream('s-1', [stored, event()], { expectedRevision: 'no_stream' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ streamName: 's-1', actualVersion: 0n });
  });

  it('go through BatchAppend when the server offers it, else through Append', async () => {
    const current = await start();
    await current.client.appendToStream('s-1', [event()]);
    expect(current.double.calls).toMatchObject({ GetSupportedMethods: 1, BatchAppend: 1 });
    expect(current.double.calls.Append).toBeUndefined();
    const legacy = await start({ legacy: true });
    await legacy.client.appendToStream('s-1', [event()]);
    expect(legacy.double.calls).toMatchObject({ Append: 1 });
    expect(legacy.double.calls.BatchAppend).toBeUndefined();
  });
});

describe('reads', () => {
  it('of $all forwards include the event at the start position and the system events', async () => {
    const { client } = await start();
    await client.appendToStream('s-1', [event(), event()]);
    const all = await collect(client.readAll({ fromPosition: START }));
    expect(all.map((e) => e.event!.streamId)).toEqual(['$settings', '$user-admin', 's-1', 's-1']);
    const from = all[2]!.event!.position!;
    const rest = await collect(client.readAll({ fromPosition: from }));
    expect(rest.map((e) => e.event!.position)).toEqual([from, all[3]!.event!.position]);
    const [last] = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(last!.event!.position).toEqual(all[3]!.event!.position);
  });

  it('give every event a sparse, increasing {commit, prepare} position with commit = prepare', async () => {
    const { client } = await start();
    await client.appendToStream('s-1', [event(), event(), event()]);
    const positions = (await collect(client.readStream('s-1'))).map((e) => e.event!.position!);
    for (const [i, p] of positions.entries()) {
      expect(p.commit).toBe(p.prepare);
      if (i > 0) expect(p.commit - positions[i - 1]!.commit).toBeGreaterThan(1n);
    }
  });
});

describe('subscriptions to $all', () => {
  const subscribe = (
    client: EventStoreDBClient,
    fromPosition: Position | typeof START | typeof END,
    prefix: string,
  ) => {
    const messages: string[] = [];
    const checkpoints: Position[] = [];
    const subscription: AllStreamSubscription = client.subscribeToAll({
      fromPosition,
      filter: streamNameFilter({
        prefixes: [prefix],
        maxSearchWindow: 4,
        checkpointReached: (_s, position) => {
          checkpoints.push(position);
          messages.push(`checkpoint ${position.commit}`);
        },
      }),
    });
    subscription.on('data', ({ event: e }) => messages.push(`event ${e!.position!.commit}`));
    subscription.on('caughtUp', () => messages.push('caughtUp'));
    return { subscription, messages, checkpoints };
  };

  it('start after their position, send checkpoints through filtered stretches, then say caughtUp', async () => {
    const { client } = await start();
    const [wanted, other] = [newCategory(), newCategory()];
    const first = await client.appendToStream(`${wanted}-1`, [event()]);
    await client.appendToStream(
      `${other}-1`,
      Array.from({ length: 9 }, () => event()),
    );
    const { subscription, messages, checkpoints } = subscribe(client, first.position!, `${wanted}-`);
    await eventually(() => messages.includes('caughtUp'));
    await subscription.unsubscribe();
    expect(messages.filter((m) => m.startsWith('event'))).toEqual([]);
    expect(checkpoints.length).toBeGreaterThan(1);
    expect(messages.at(-1)).toBe('caughtUp');
  });

  it('send the end-of-catch-up checkpoint where the last page began, short of a filtered tail', async () => {
    const { client } = await start();
    const [wanted, other] = [newCategory(), newCategory()];
    await client.appendToStream(`${wanted}-1`, [event()]);
    const tail = await client.appendToStream(`${other}-1`, [event(), event()]);
    const { subscription, messages, checkpoints } = subscribe(client, START, `${wanted}-`);
    await eventually(() => messages.includes('caughtUp'));
    await subscription.unsubscribe();
    expect(messages.filter((m) => m.startsWith('event'))).toHaveLength(1);
    const [last, end] = [checkpoints.at(-1)!, tail.position!];
    expect(last.commit < end.commit || (last.commit === end.commit && last.prepare < end.prepare)).toBe(true);
  });

  it('deliver live events in order even when the reader is too slow for the live buffer', async () => {
    const { client, double } = await start();
    const category = newCategory();
    const { subscription, messages } = subscribe(client, END, `${category}-`);
    await eventually(() => messages.includes('caughtUp'));
    subscription.pause();
    const appended: bigint[] = [];
    // Large enough events that HTTP/2 flow control stops the server's writes and its live buffer overflows.
    for (let i = 0; i < 150; i += 1)
      appended.push(
        (await client.appendToStream(`${category}-1`, [event({ blob: 'x'.repeat(8000) })])).position!.commit,
      );
    subscription.resume();
    await eventually(() => messages.filter((m) => m.startsWith('event')).length === 150).catch(() => {
      throw new Error(
        `${messages.filter((m) => m.startsWith('event')).length} delivered, ${JSON.stringify(double.calls)}`,
      );
    });
    expect(double.calls.FellBehind).toBeGreaterThan(0);
    await subscription.unsubscribe();
    expect(messages.filter((m) => m.startsWith('event'))).toEqual(appended.map((c) => `event ${c}`));
  });
});
