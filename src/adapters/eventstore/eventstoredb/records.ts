import type { RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import type { EventMetadata, RecordedEvent } from '../port.ts';
import { toPosition } from './position.ts';

/**
 * Reserved metadata key: an ISO-8601 time that stands for the event's creation time. EventStoreDB
 * stamps `created` itself when it writes, so a migration (the copy tool) keeps the original time here;
 * reads lift it back into `createdAt` and leave it out of the metadata.
 */
export const createdAtMetadataKey = '$createdAt';

/** Events of EventStoreDB's own ($-prefixed streams or types: settings, users, stats, links) are
 * never the application's. */
export const isSystemEvent = (stream: string, type: string): boolean =>
  stream.startsWith('$') || type.startsWith('$');

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

export const toRecordedEvent = (event: EsdbRecordedEvent): RecordedEvent => {
  if (!event.position)
    throw new Error(`event ${event.id} of ${event.streamId} came without its $all position`);
  const metadata: Record<string, unknown> = isPlainObject(event.metadata) ? { ...event.metadata } : {};
  let createdAt = event.created;
  const stamped = metadata[createdAtMetadataKey];
  if (typeof stamped === 'string' && !Number.isNaN(Date.parse(stamped))) {
    createdAt = new Date(stamped);
    delete metadata[createdAtMetadataKey];
  }
  return {
    id: event.id,
    stream: event.streamId,
    revision: event.revision,
    position: toPosition(event.position),
    type: event.type,
    data: event.isJson ? event.data : Uint8Array.from(event.data as Uint8Array),
    metadata: metadata as EventMetadata,
    createdAt,
  };
};
