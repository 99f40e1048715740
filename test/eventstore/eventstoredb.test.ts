import { afterAll, beforeAll } from 'vitest';
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

describeEventStoreContract(
  realServer ? 'EventStoreDB (EVENTSTOREDB_URL)' : 'EventStoreDB (protocol double)',
  async () => {
    const store = createEventStoreDbEventStore({ connectionString: realServer ?? double!.connectionString });
    // EventStoreDB dedups event ids per stream; its appendMany is refused (capabilities.atomicMultiStream).
    return { store, eventIdsUniqueAcrossStore: false, close: () => store.close() };
  },
);
