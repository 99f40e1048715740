import type { CreateDiskOffering, UpdateDiskOffering } from '../../../domain/offering/disk/index.ts';
import type { CreateServiceOffering, UpdateServiceOffering } from '../../../domain/offering/service/index.ts';
import { forbidden } from '../../../domain/shared/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import type { CommandOf } from '../../aggregates.ts';
import type { CommandBus } from '../../commandBus.ts';
import { requireZone } from '../infrastructure/zones.ts';
import { type AdminDeps, createOne, type Invocation, type Positioned, singleCommand } from '../shared.ts';
import { domainChain, inCallerSubtree } from '../tenancy/scope.ts';

type OfferingAggregate = 'serviceOffering' | 'diskOffering';

const refuse = (caller: Caller, why: string, domainIds: readonly string[]) =>
  forbidden('OFFERING_FORBIDDEN', why, { userId: caller.userId, roleType: caller.roleType, domainIds });

/**
 * Root admins manage every offering. A domain admin manages only offerings restricted to domains of
 * its own subtree (CloudStack's domain-specific offerings); public ones and others' are refused.
 */
const requireScope = async (bus: CommandBus, caller: Caller, domainIds: readonly string[]): Promise<void> => {
  if (caller.roleType === 'Admin') return;
  if (caller.roleType !== 'DomainAdmin')
    throw refuse(caller, 'Only administrators manage offerings.', domainIds);
  if (domainIds.length === 0)
    throw refuse(
      caller,
      'A domain admin may only manage offerings restricted to domains it administers.',
      domainIds,
    );
  for (const tenantDomainId of domainIds)
    if (!inCallerSubtree(caller, await domainChain(bus, tenantDomainId)))
      throw refuse(
        caller,
        `The tenant domain ${tenantDomainId} is outside the domains you administer.`,
        domainIds,
      );
};

const requireZones = async (bus: CommandBus, zoneIds: readonly string[] | undefined) => {
  for (const zoneId of zoneIds ?? []) await requireZone(bus, zoneId);
};

const domainIdsOf = async (bus: CommandBus, aggregate: OfferingAggregate, offeringId: string) => {
  const { state } = await bus.load(aggregate, offeringId);
  return state.status === 'None' ? [] : state.domainIds;
};

type OfferingRef = { readonly offeringId: string };
type OfferingScope = { readonly domainIds?: readonly string[]; readonly zoneIds?: readonly string[] };

/** An offering operation, as the admin API exports them. */
type Operation<I, O = Positioned> = (deps: AdminDeps, invocation: Invocation, input: I) => Promise<O>;
type Creation<I> = Operation<I, Positioned & { offeringId: string }>;

/** createXOffering (sync): the caller must manage its domains, and its zones must exist. */
const createOffering = async <K extends OfferingAggregate>(
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  aggregate: K,
  input: {
    readonly domainIds: readonly string[];
    readonly zoneIds?: readonly string[];
    readonly offeringId?: string;
  },
  command: (offeringId: string, now: string) => CommandOf<K>,
): Promise<Positioned & { offeringId: string }> => {
  await requireScope(bus, caller, input.domainIds);
  await requireZones(bus, input.zoneIds);
  const created = { aggregate, idField: 'offeringId', given: input.offeringId, step: 'create' } as const;
  return createOne(bus, ctx, created, (offeringId) => command(offeringId, bus.now()));
};

export type CreateServiceOfferingInput = Omit<CreateServiceOffering['data'], 'offeringId' | 'now'> & {
  readonly offeringId?: string;
};

export const createServiceOffering: Creation<CreateServiceOfferingInput> = (deps, invocation, input) =>
  createOffering(deps, invocation, 'serviceOffering', input, (offeringId, now) => ({
    type: 'CreateServiceOffering',
    data: { ...input, offeringId, now },
  }));

export type CreateDiskOfferingInput = Omit<CreateDiskOffering['data'], 'offeringId' | 'now'> & {
  readonly offeringId?: string;
};

export const createDiskOffering: Creation<CreateDiskOfferingInput> = (deps, invocation, input) =>
  createOffering(deps, invocation, 'diskOffering', input, (offeringId, now) => ({
    type: 'CreateDiskOffering',
    data: { ...input, offeringId, now },
  }));

/**
 * One command on an offering the caller manages, both as it is and as it would be after the change
 * (the domains and zones `change` names).
 */
const changeOffering = async <K extends OfferingAggregate>(
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  aggregate: K,
  change: OfferingRef & OfferingScope,
  command: CommandOf<K>,
): Promise<Positioned> => {
  await requireScope(bus, caller, await domainIdsOf(bus, aggregate, change.offeringId));
  if (change.domainIds !== undefined) await requireScope(bus, caller, change.domainIds);
  await requireZones(bus, change.zoneIds);
  return singleCommand(bus, ctx, command.type, aggregate, change.offeringId, command);
};

export const updateServiceOffering: Operation<UpdateServiceOffering['data']> = (deps, invocation, input) =>
  changeOffering(deps, invocation, 'serviceOffering', input, { type: 'UpdateServiceOffering', data: input });

export const updateDiskOffering: Operation<UpdateDiskOffering['data']> = (deps, invocation, input) =>
  changeOffering(deps, invocation, 'diskOffering', input, { type: 'UpdateDiskOffering', data: input });

/** deleteXOffering: the offering's delete command, stamped now. */
const deleteOffering = <K extends OfferingAggregate>(
  deps: AdminDeps,
  invocation: Invocation,
  aggregate: K,
  { offeringId }: OfferingRef,
  command: (data: { offeringId: string; now: string }) => CommandOf<K>,
) =>
  changeOffering(deps, invocation, aggregate, { offeringId }, command({ offeringId, now: deps.bus.now() }));

/** deleteServiceOffering (sync): VMs already on it keep their recorded sizes. */
export const deleteServiceOffering: Operation<OfferingRef> = (deps, invocation, ref) =>
  deleteOffering(deps, invocation, 'serviceOffering', ref, (data) => ({
    type: 'DeleteServiceOffering',
    data,
  }));

/** deleteDiskOffering (sync): volumes already created from it keep their size. */
export const deleteDiskOffering: Operation<OfferingRef> = (deps, invocation, ref) =>
  deleteOffering(deps, invocation, 'diskOffering', ref, (data) => ({ type: 'DeleteDiskOffering', data }));
