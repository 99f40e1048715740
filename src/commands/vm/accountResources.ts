import type { EventStore, Position } from '../../adapters/eventstore/port.ts';
import { scanEvents } from '../admin/links.ts';

type Birth = { readonly type: string; readonly id: string; readonly owner: string };

/** The events an account's resources are born with, and the fields naming the resource and its owner. */
const births = {
  vms: [{ type: 'VmCreated', id: 'vmId', owner: 'accountId' }],
  volumes: [
    { type: 'RootVolumeAllocated', id: 'volumeId', owner: 'accountId' },
    { type: 'VolumeAllocated', id: 'volumeId', owner: 'accountId' },
  ],
  snapshots: [{ type: 'SnapshotAllocated', id: 'snapshotId', owner: 'accountId' }],
  images: [{ type: 'ImageCreated', id: 'imageId', owner: 'ownerAccountId' }],
} as const satisfies Record<string, readonly Birth[]>;

export type OwnedKind = keyof typeof births;

/**
 * The ids of every resource of `kinds` the account ever owned, in creation order. They are read from
 * the log (a resource never changes account), so one created a moment ago is not missed as a lagging
 * read model would miss it; with `after`, the scan first waits until the log shows that position.
 */
export const ownedBy = async <K extends OwnedKind>(
  store: EventStore,
  accountId: string,
  kinds: readonly K[],
  after?: Position | null,
): Promise<Record<K, string[]>> => {
  const byType = new Map<string, Birth & { readonly kind: K }>(
    kinds.flatMap((kind) => births[kind].map((birth) => [birth.type, { ...birth, kind }] as const)),
  );
  const owned = Object.fromEntries(kinds.map((kind) => [kind, [] as string[]])) as Record<K, string[]>;
  await scanEvents(
    store,
    [...byType.keys()],
    (event) => {
      const birth = byType.get(event.type);
      const data = event.data as Record<string, unknown>;
      if (birth && data[birth.owner] === accountId) owned[birth.kind].push(String(data[birth.id]));
    },
    after,
  );
  return owned;
};
