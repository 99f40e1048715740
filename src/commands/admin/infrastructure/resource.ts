import { notFound, type Removable, requireLive } from '../../../domain/shared/index.ts';
import type { AggregateName, CommandOf, StateOf } from '../../aggregates.ts';
import type { CommandBus } from '../../commandBus.ts';
import { type Link, liveChildren } from '../links.ts';
import {
  type AdminDeps,
  createOne,
  type Invocation,
  infrastructureCommand,
  type NewResource,
  type Positioned,
  requireRootAdmin,
} from '../shared.ts';

/**
 * What the infrastructure resources (zones, pods, clusters, hosts, storage) share on the command
 * side: they are looked up live, created by the root admin under a new id, enabled or disabled,
 * and deleted once the domain knows how many children still live under them.
 */

/** How each resource's not-found refusal names it. */
const refusals = {
  zone: { code: 'ZONE_NOT_FOUND', noun: 'Zone', idField: 'zoneId', gone: 'deleted' },
  pod: { code: 'POD_NOT_FOUND', noun: 'Pod', idField: 'podId', gone: 'deleted' },
  cluster: { code: 'CLUSTER_NOT_FOUND', noun: 'Cluster', idField: 'clusterId', gone: 'deleted' },
  host: { code: 'HOST_NOT_FOUND', noun: 'Host', idField: 'hostId', gone: 'removed' },
  imageStore: {
    code: 'IMAGE_STORE_NOT_FOUND',
    noun: 'Image store',
    idField: 'imageStoreId',
    gone: 'deleted',
  },
} as const;

/** The resource a child is placed under, or an operation acts on: it must exist and not be removed. */
export const requireLiveAggregate = async <K extends keyof typeof refusals>(
  bus: CommandBus,
  aggregate: K,
  id: string,
): Promise<NonNullable<StateOf<K>>> => {
  const { code, noun, idField, gone } = refusals[aggregate];
  const { state } = await bus.load(aggregate, id);
  return requireLive(state as (NonNullable<StateOf<K>> & Removable) | null, () =>
    notFound(code, `${noun} ${id} does not exist or was ${gone}`, { [idField]: id }),
  );
};

/**
 * A root-admin creation: the caller is checked before `command` looks anything up (a stranger
 * learns nothing of the parents), then the resource is created under a new id.
 */
export const createInfrastructure = async <K extends AggregateName, F extends string>(
  bus: CommandBus,
  { caller, ctx }: Invocation,
  action: string,
  resource: NewResource<K, F>,
  command: (id: string) => CommandOf<K> | Promise<CommandOf<K>>,
): Promise<Positioned & Record<F, string>> => {
  requireRootAdmin(caller, action);
  return createOne(bus, ctx, resource, command);
};

/** A delete the domain refuses while children live: it is told how many the log shows now. */
export const deleteParent = async <K extends AggregateName>(
  bus: CommandBus,
  invocation: Invocation,
  action: string,
  aggregate: K,
  id: string,
  children: Link,
  command: (childCount: number) => CommandOf<K>,
): Promise<Positioned> => {
  requireRootAdmin(invocation.caller, action);
  const live = await liveChildren(bus.store, children, id, invocation.after);
  return infrastructureCommand(bus, invocation, action, aggregate, id, command(live.length));
};

/** setXEnabled: the root admin enables or disables the resource; both commands carry only its id. */
export const enabling =
  <K extends AggregateName, F extends string>(
    aggregate: K,
    idField: F,
    plural: string,
    types: { readonly enable: CommandOf<K>['type']; readonly disable: CommandOf<K>['type'] },
  ) =>
  (
    { bus }: AdminDeps,
    invocation: Invocation,
    input: Readonly<Record<F, string>> & { readonly enabled: boolean },
  ) =>
    infrastructureCommand(bus, invocation, `enable or disable ${plural}`, aggregate, input[idField], {
      type: input.enabled ? types.enable : types.disable,
      data: { [idField]: input[idField] },
    } as unknown as CommandOf<K>);
