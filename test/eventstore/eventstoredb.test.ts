import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEventStoreDbEventStore } from '../../src/adapters/eventstore/eventstoredb/index.ts';
import { describeEventStoreContract } from './contract.ts';
import { type EventStoreDbDouble, startEventStoreDbDouble } from './eventstoredb/double/server.ts';

/**
 * The event store contract against the EventStoreDB adapter: over the protocol double (an in-process
 * gRPC server speaking the client's protocol, test/eventstore/eventstoredb/double) in CI, or over a
 * real EventStoreDB / KurrentDB when EVENTSTOREDB_URL is set, e.g.
 *   EVENTSTOREDB_URL='esdb://localhost:2113?tls=false' npx vitest run test/eventstore/eventstoredb.test.ts
 */
const realServer = process.env.EVENTSTOREDB_URL;

let double: EventStoreDbDouble | undefined;
beforeAll(async () => {
  if (!realServer) double = await startEventStoreDbDouble();
});
afterAll(() => double?.close());

/**
 * Contract cases that state what PostgreSQL's tables give and EventStoreDB does not: the port says so
 * through capabilities.atomicMultiStream (false here), and event ids are unique per stream write in
 * EventStoreDB, not across the store. test/eventstore/eventstoredb/adapter.test.ts asserts what the
 * adapter does instead in each case.
 */
const postgresOnly = new Map<string, string>([
  ['a retried multi-stream append returns the first results', 'no atomic multi-stream append'],
  ['a multi-stream append writes every stream, each result in order', 'no atomic multi-stream append'],
  [
    'a multi-stream append with one failing expectation writes nothing at all',
    'no atomic multi-stream append',
  ],
  [
    'concurrent writers, late commits and rollbacks: a live subscriber sees every committed event once, each stream in order',
    'uses appendMany; run without it in eventstoredb/adapter.test.ts',
  ],
  ['an event id reused with other data is refused', 'the server compares ids, not payloads, on a retry'],
  ['an event id reused on another stream is refused', 'event ids are not unique across streams'],
  [
    'concurrent appends of one event id to two streams: one wins, the other is refused',
    'ids unique per stream only',
  ],
]);
beforeEach((context) => {
  const reason = postgresOnly.get(context.task.name);
  if (reason) context.skip(`not EventStoreDB semantics: ${reason}`);
});

describeEventStoreContract(
  realServer ? 'EventStoreDB (EVENTSTOREDB_URL)' : 'EventStoreDB (protocol double)',
  async () => {
    const store = createEventStoreDbEventStore({ connectionString: realServer ?? double!.connectionString });
    return { store, close: () => store.close() };
  },
);
