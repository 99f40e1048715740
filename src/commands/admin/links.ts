import type { EventStore, Position, RecordedEvent } from '../../adapters/eventstore/port.ts';

/**
 * Parent → children links read from the event log. The domain keeps no child lists on parents
 * (a zone does not know its pods), yet deletes must be refused while children live (DeleteZone
 * takes podCount). So the command side folds the creation and removal events of the children
 * from $all, filtered by type: always current (no read-model lag), at the cost of a scan of those
 * event types. Nothing serialises a child's creation with its parent's deletion: a pod created in
 * the instant a zone is deleted can outlive it (CloudStack has the same window).
 *
 * $all only shows an event once every older transaction of the database server has ended, so it
 * can lag a fresh write. A scan therefore first waits until $all shows `after`: the position the
 * caller has seen (its read-your-writes token), or a job's own submission.
 */
export type Link = {
  /** The event that adds a child, and the one that removes it (absent: every child ever added). */
  readonly added: string;
  readonly removed?: string;
  /** The payload field naming the child, and the one naming the parent (absent: every child). */
  readonly child: string;
  readonly parent?: string;
};

const page = 1000;

/** Waits until $all shows `position`; refuses (rather than answer from a stale log) after `timeoutMs`. */
export const waitVisible = async (
  store: EventStore,
  position: Position | null | undefined,
  timeoutMs = 10_000,
) => {
  if (position === null || position === undefined) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await store.headPosition();
    if (head !== null && head >= position) return;
    if (Date.now() > deadline)
      throw new Error(`the event log does not show position ${position} yet; retry shortly`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Visits every event of the given types in $all order, up to the head once `after` is visible. */
export const scanEvents = async (
  store: EventStore,
  eventTypes: readonly string[],
  visit: (event: RecordedEvent) => void,
  after?: Position | null,
): Promise<void> => {
  await waitVisible(store, after);
  const head = await store.headPosition();
  if (head === null) return;
  let from: Position | 'start' = 'start';
  for (;;) {
    const { events, checkpoint } = await store.readAll({ from, maxCount: page, filter: { eventTypes } });
    for (const event of events) visit(event);
    if (checkpoint === null || checkpoint >= head || (from !== 'start' && checkpoint <= from)) return;
    from = checkpoint;
  }
};

const field = (event: RecordedEvent, name: string): unknown => (event.data as Record<string, unknown>)[name];

/** The ids of the live children of `parentId` (or of every live child when the link has no parent field). */
export const liveChildren = async (
  store: EventStore,
  link: Link,
  parentId?: string,
  after?: Position | null,
): Promise<string[]> => {
  const live = new Set<string>();
  const types = link.removed === undefined ? [link.added] : [link.added, link.removed];
  await scanEvents(
    store,
    types,
    (event) => {
      if (link.parent !== undefined && field(event, link.parent) !== parentId) return;
      const child = field(event, link.child) as string;
      if (event.type === link.added) live.add(child);
      else live.delete(child);
    },
    after,
  );
  return [...live].sort();
};

export const links = {
  podsOfZone: { added: 'PodCreated', removed: 'PodDeleted', child: 'podId', parent: 'zoneId' },
  clustersOfPod: { added: 'ClusterCreated', removed: 'ClusterDeleted', child: 'clusterId', parent: 'podId' },
  hostsOfCluster: { added: 'HostAdded', removed: 'HostRemoved', child: 'hostId', parent: 'clusterId' },
  allHosts: { added: 'HostAdded', removed: 'HostRemoved', child: 'hostId' },
  imageStoresOfZone: {
    added: 'ImageStoreAdded',
    removed: 'ImageStoreDeleted',
    child: 'imageStoreId',
    parent: 'zoneId',
  },
  usersOfAccount: { added: 'UserCreated', removed: 'UserDeleted', child: 'userId', parent: 'accountId' },
  usersEverOfAccount: { added: 'UserCreated', child: 'userId', parent: 'accountId' },
} as const satisfies Record<string, Link>;
