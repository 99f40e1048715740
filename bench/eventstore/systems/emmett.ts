import { dumbo } from '@event-driven-io/dumbo';
import type { Event } from '@event-driven-io/emmett';
import {
  DefaultPostgreSQLEventStoreProcessorPullingFrequencyInMs,
  getPostgreSQLEventStore,
  postgreSQLEventStoreMessageBatchPuller,
  readMessagesBatch,
} from '@event-driven-io/emmett-postgresql';
import pg from 'pg';
import type { BenchData, BenchEvent } from '../workload.ts';
import type { SystemUnderTest } from './system.ts';

type EmmettEvent = Event<string, BenchData, Record<string, unknown>>;

/** How long a fresh Emmett subscriber gets to read the end of $all before the workload counts on it. */
const subscriberStartMs = 500;
/** Events per read of a live subscriber: Skyledger's subscriptionBatchSize (Emmett's default is 100). */
const liveBatchSize = 500;

/**
 * @event-driven-io/emmett-postgresql's event store on a pg pool of the same size: appendToStream
 * with the exact expectedStreamVersion (Emmett counts events: a new stream is version 0), its
 * readMessagesBatch for $all, and for live delivery its message batch puller: the polling loop of its
 * consumers, without the reactor's checkpoint write after each message (Skyledger's subscribeToAll
 * stores none either; and an open checkpoint transaction would hold back Emmett's own readers, which
 * take only events of transactions older than every running one). It reads 500 events per poll
 * (Skyledger's subscription batch; Emmett's default is 100) and keeps Emmett's timing: 50 ms between
 * full batches, else a wait that doubles from 100 ms up to 1 s.
 * Emmett sets pg's global type parsers (int8 as BigInt, its JSON parser): it runs in a process of its
 * own, like every system here.
 */
export const createEmmettSystem = async (url: string, poolSize: number): Promise<SystemUnderTest> => {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'bench-emmett' });
  pool.on('error', () => {});
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });
  await store.schema.migrate();
  const reader = dumbo({ connectionString: url, pool });

  return {
    description: `@event-driven-io/emmett-postgresql getPostgreSQLEventStore on a pg pool of ${poolSize}`,
    supports: ['append', 'read', 'lag'],
    subscribers: ['puller'],
    async append(stream, events: readonly BenchEvent[], before) {
      await store.appendToStream<EmmettEvent>(
        stream,
        events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata, messageId: e.id } })),
        { expectedStreamVersion: BigInt(before) },
      );
    },
    async readAll(pageSize, stop) {
      let after = 0n;
      let events = 0;
      let pages = 0;
      while (!stop()) {
        const batch = await readMessagesBatch(reader.execute, { after, batchSize: pageSize });
        pages += 1;
        if (batch.messages.length === 0) break;
        events += batch.messages.length;
        after = batch.currentGlobalPosition;
      }
      return { events, pages };
    },
    async subscribe(_name, onEvent) {
      const aborted = new AbortController();
      const puller = postgreSQLEventStoreMessageBatchPuller<EmmettEvent>({
        executor: reader.execute,
        batchSize: liveBatchSize,
        pullingFrequencyInMs: DefaultPostgreSQLEventStoreProcessorPullingFrequencyInMs,
        eachBatch: async (messages) => {
          for (const message of messages) onEvent(message.data);
        },
        signal: aborted.signal,
      });
      // Not startFrom 'END': Emmett 0.42 reads it with ORDER BY ... LIMIT 1 ascending, i.e. the first
      // event's position, and would replay all of $all. Start after the newest event instead.
      const { rows } = await pool.query<{ head: string | null }>(
        'SELECT max(global_position)::text AS head FROM emt_messages',
      );
      const head = rows[0]?.head;
      const running = puller.start({ startFrom: head ? { lastCheckpoint: BigInt(head) } : 'BEGINNING' });
      await new Promise((resolve) => setTimeout(resolve, subscriberStartMs));
      return {
        stop: async () => {
          aborted.abort();
          await puller.stop();
          await running;
        },
      };
    },
    async synchronousCommit() {
      const { rows } = await pool.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
      return rows[0]!.synchronous_commit;
    },
    async close() {
      await store.close();
      await pool.end().catch(() => {});
    },
  };
};
