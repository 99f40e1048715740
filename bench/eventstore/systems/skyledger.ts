import { firstValueFrom, filter as rxFilter, Subject, take } from 'rxjs';
import {
  createPostgresEventStore,
  type EventStore,
  type Position,
  type SubscriptionMessage,
} from '../../../src/adapters/eventstore/index.ts';
import { migrate } from '../../../src/adapters/postgres/migrate.ts';
import { createPool } from '../../../src/adapters/postgres/pool.ts';
import type { BenchData } from '../workload.ts';
import type { SystemUnderTest } from './system.ts';

/**
 * The Skyledger PostgreSQL event store on the project's own pool and migrations. Two lag subscribers:
 * `same-pool` shares the writers' store (in-process wake-ups, one node), `other-pool` has a store and
 * pool of its own and learns of appends through LISTEN/NOTIFY or polling (another node).
 */
export const createSkyledgerSystem = async (url: string, poolSize: number): Promise<SystemUnderTest> => {
  const pool = createPool(url, poolSize);
  await migrate(pool);
  const store = createPostgresEventStore({ pool });
  const listenerPool = createPool(url, 2);
  const listenerStore = createPostgresEventStore({ pool: listenerPool, notify: false });

  const subscribeOn = async (on: EventStore, onEvent: (data: BenchData) => void) => {
    const from: Position | 'start' = (await on.headPosition()) ?? 'start';
    const messages = new Subject<SubscriptionMessage>();
    const live = firstValueFrom(
      messages.pipe(
        rxFilter((m) => m.kind === 'caughtUp'),
        take(1),
      ),
    );
    const subscription = on.subscribeToAll({ from }).subscribe({
      next: (message) => {
        if (message.kind === 'event') onEvent(message.event.data as BenchData);
        messages.next(message);
      },
      error: (error: unknown) => messages.error(error),
    });
    await live;
    return {
      stop: async () => subscription.unsubscribe(),
    };
  };

  return {
    description: `createPostgresEventStore({ pool }) on a pg pool of ${poolSize} (migrations 0001+)`,
    supports: ['append', 'read', 'lag'],
    subscribers: ['same-pool', 'other-pool'],
    async append(stream, events, before) {
      await store.append(stream, events, before === 0 ? 'no_stream' : BigInt(before - 1));
    },
    async readAll(pageSize, stop) {
      let from: Position | 'start' = 'start';
      let events = 0;
      let pages = 0;
      while (!stop()) {
        const page = await store.readAll({ from, maxCount: pageSize });
        pages += 1;
        if (page.events.length === 0) break;
        events += page.events.length;
        from = page.checkpoint ?? page.events[page.events.length - 1]!.position;
      }
      return { events, pages };
    },
    subscribe: (name, onEvent) => subscribeOn(name === 'same-pool' ? store : listenerStore, onEvent),
    async synchronousCommit() {
      const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      return rows[0]!.synchronous_commit;
    },
    async close() {
      await listenerStore.close();
      await store.close();
      await Promise.all([pool.end(), listenerPool.end()]);
    },
  };
};
