/** The event store: the port and its adapters. */
export { createInMemoryEventStore, type InMemoryEventStoreOptions } from './memory/inMemoryEventStore.ts';
export * from './port.ts';
export { createPostgresEventStore, type PostgresEventStoreOptions } from './postgres/postgresEventStore.ts';
