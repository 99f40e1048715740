import { expect, it } from 'vitest';
import { createInMemoryEventStore } from '../../src/adapters/eventstore/index.ts';
import { describeEventStoreContract } from './contract.ts';
import { newEvents, newStream } from './support.ts';

describeEventStoreContract('in memory', async () => {
  const store = createInMemoryEventStore();
  return { store, eventIdsUniqueAcrossStore: true, close: () => store.close() };
});

it('an empty in-memory store has no head and reads $all as empty', async () => {
  const store = createInMemoryEventStore();
  expect(await store.headPosition()).toBeNull();
  expect(await store.readAll()).toEqual({ events: [], checkpoint: null });
});

it('hands out copies: changing a read event does not change the store', async () => {
  const store = createInMemoryEventStore();
  const stream = newStream();
  await store.append(stream, newEvents(1), 'no_stream');
  const [read] = await store.readStream(stream);
  (read!.data as { n: number }).n = 99;
  const [again] = await store.readStream(stream);
  expect(again!.data).toEqual({ n: 0 });
});
