import type { EventStore, Position, RecordedEvent } from '../../../adapters/eventstore/port.ts';
import type { AddImageStore } from '../../../domain/imageStore/index.ts';
import { links, liveChildren, scanEvents } from '../links.ts';
import {
  type AdminDeps,
  type Invocation,
  infrastructureCommand,
  type Positioned,
  requireRootAdmin,
} from '../shared.ts';
import { createInfrastructure, requireLiveAggregate } from './resource.ts';
import { requireZone } from './zones.ts';

export type AddImageStoreInput = Omit<AddImageStore['data'], 'imageStoreId'> & {
  readonly imageStoreId?: string;
};

/** addImageStore (sync): secondary storage of a zone. */
export const addImageStore = ({ bus }: AdminDeps, invocation: Invocation, input: AddImageStoreInput) =>
  createInfrastructure(
    bus,
    invocation,
    'add image stores',
    { aggregate: 'imageStore', idField: 'imageStoreId', given: input.imageStoreId },
    async (imageStoreId) => {
      await requireZone(bus, input.zoneId);
      return { type: 'AddImageStore', data: { ...input, imageStoreId } };
    },
  );

export const setImageStoreReadOnly = (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: { readonly imageStoreId: string; readonly readOnly: boolean },
) =>
  infrastructureCommand(bus, invocation, 'change image stores', 'imageStore', input.imageStoreId, {
    type: 'SetImageStoreReadOnly',
    data: input,
  });

type Copies = Map<string, Set<string>>;

const add = (copies: Copies, objectId: string, zoneId: string) =>
  copies.set(objectId, (copies.get(objectId) ?? new Set()).add(zoneId));

const copyEvents: Readonly<Record<string, (copies: Copies, d: Record<string, unknown>) => void>> = {
  ImageCreated: (c, d) => {
    for (const zoneId of d.zoneIds as string[]) add(c, `image:${d.imageId}`, zoneId);
  },
  ImageZoneCopyRequested: (c, d) => add(c, `image:${d.imageId}`, d.zoneId as string),
  ImageZoneCopyDeleted: (c, d) => c.get(`image:${d.imageId}`)?.delete(d.zoneId as string),
  SnapshotBackedUp: (c, d) => add(c, `snapshot:${d.snapshotId}`, d.zoneId as string),
  SnapshotCopied: (c, d) => add(c, `snapshot:${d.snapshotId}`, d.toZoneId as string),
  SnapshotDestroyed: (c, d) => c.delete(`snapshot:${d.snapshotId}`),
};

/**
 * Templates, ISOs and backed-up snapshots that have a copy in the zone. The domain tracks copies per
 * zone, not per store, so they all live on the zone's secondary storage as a whole.
 */
export const storedObjectsInZone = async (
  store: EventStore,
  zoneId: string,
  after?: Position | null,
): Promise<number> => {
  const copies: Copies = new Map();
  await scanEvents(
    store,
    Object.keys(copyEvents),
    (e: RecordedEvent) => copyEvents[e.type]?.(copies, e.data as Record<string, unknown>),
    after,
  );
  return [...copies.values()].filter((zones) => zones.has(zoneId)).length;
};

/**
 * deleteImageStore (sync): refused while the zone's secondary storage still holds objects and this
 * is its last store (with other stores left, CloudStack migrates them; here they stay in the zone).
 */
export const deleteImageStore = async (
  { bus }: AdminDeps,
  invocation: Invocation,
  { imageStoreId }: { readonly imageStoreId: string },
): Promise<Positioned> => {
  requireRootAdmin(invocation.caller, 'delete image stores');
  const state = await requireLiveAggregate(bus, 'imageStore', imageStoreId);
  const stores = await liveChildren(bus.store, links.imageStoresOfZone, state.zoneId, invocation.after);
  const last = stores.every((id) => id === imageStoreId);
  const storedObjectCount = last ? await storedObjectsInZone(bus.store, state.zoneId, invocation.after) : 0;
  return infrastructureCommand(bus, invocation, 'delete image stores', 'imageStore', imageStoreId, {
    type: 'DeleteImageStore',
    data: { imageStoreId, storedObjectCount },
  });
};
