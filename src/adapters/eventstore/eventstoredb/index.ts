/** The event store over EventStoreDB / KurrentDB (@eventstore/db-client v6). */
export {
  createEventStoreDbEventStore,
  type EventStoreDbEventStoreOptions,
} from './eventStoreDbEventStore.ts';
export { fromPosition, toPosition } from './position.ts';
export { createdAtMetadataKey } from './records.ts';
