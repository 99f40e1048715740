import type { CreateDiskOffering, UpdateDiskOffering } from '../../../domain/offering/disk/index.ts';
import type { CreateServiceOffering, UpdateServiceOffering } from '../../../domain/offering/service/index.ts';
import { forbidden } from '../../../domain/shared/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import type { CommandOf } from '../../aggregates.ts';
import type { CommandBus } from '../../commandBus.ts';
import { requireZone } from '../infrastructure/zones.ts';
import { type AdminDeps, type Invocation, newId, type Positioned, Steps } from '../shared.ts';
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

export type CreateServiceOfferingInput = Omit<CreateServiceOffering['data'], 'offeringId' | 'now'> & {
  readonly offeringId?: string;
};

/** createServiceOffering (sync). */
export const createServiceOffering = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: CreateServiceOfferingInput,
): Promise<Positioned & { offeringId: string }> => {
  await requireScope(bus, caller, input.domainIds);
  await requireZones(bus, input.zoneIds);
  const offeringId = newId(ctx, 'serviceoffering', input.offeringId);
  const steps = new Steps(bus, ctx);
  await steps.run('create', 'serviceOffering', offeringId, {
    type: 'CreateServiceOffering',
    data: { ...input, offeringId, now: bus.now() },
  });
  return { offeringId, position: steps.position };
};

export type CreateDiskOfferingInput = Omit<CreateDiskOffering['data'], 'offeringId' | 'now'> & {
  readonly offeringId?: string;
};

/** createDiskOffering (sync). */
export const createDiskOffering = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: CreateDiskOfferingInput,
): Promise<Positioned & { offeringId: string }> => {
  await requireScope(bus, caller, input.domainIds);
  await requireZones(bus, input.zoneIds);
  const offeringId = newId(ctx, 'diskoffering', input.offeringId);
  const steps = new Steps(bus, ctx);
  await steps.run('create', 'diskOffering', offeringId, {
    type: 'CreateDiskOffering',
    data: { ...input, offeringId, now: bus.now() },
  });
  return { offeringId, position: steps.position };
};

/** The caller must manage the offering as it is and as it would be after the change. */
const requireChange = async (
  bus: CommandBus,
  caller: Caller,
  aggregate: OfferingAggregate,
  offeringId: string,
  input: { readonly domainIds?: readonly string[]; readonly zoneIds?: readonly string[] },
) => {
  await requireScope(bus, caller, await domainIdsOf(bus, aggregate, offeringId));
  if (input.domainIds !== undefined) await requireScope(bus, caller, input.domainIds);
  await requireZones(bus, input.zoneIds);
};

/** One command on an offering the caller manages (before and after the change). */
const changeOffering = async <K extends OfferingAggregate>(
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  aggregate: K,
  offeringId: string,
  scope: { readonly domainIds?: readonly string[]; readonly zoneIds?: readonly string[] },
  command: CommandOf<K>,
): Promise<Positioned> => {
  await requireChange(bus, caller, aggregate, offeringId, scope);
  const steps = new Steps(bus, ctx);
  await steps.run(command.type, aggregate, offeringId, command);
  return { position: steps.position };
};

export const updateServiceOffering = (
  deps: AdminDeps,
  invocation: Invocation,
  input: UpdateServiceOffering['data'],
) =>
  changeOffering(deps, invocation, 'serviceOffering', input.offeringId, input, {
    type: 'UpdateServiceOffering',
    data: input,
  });

export const updateDiskOffering = (
  deps: AdminDeps,
  invocation: Invocation,
  input: UpdateDiskOffering['data'],
) =>
  changeOffering(deps, invocation, 'diskOffering', input.offeringId, input, {
    type: 'UpdateDiskOffering',
    data: input,
  });

/** deleteServiceOffering (sync): VMs already on it keep their recorded sizes. */
export const deleteServiceOffering = (
  deps: AdminDeps,
  invocation: Invocation,
  { offeringId }: { readonly offeringId: string },
) =>
  changeOffering(
    deps,
    invocation,
    'serviceOffering',
    offeringId,
    {},
    {
      type: 'DeleteServiceOffering',
      data: { offeringId, now: deps.bus.now() },
    },
  );

/** deleteDiskOffering (sync): volumes already created from it keep their size. */
export const deleteDiskOffering = (
  deps: AdminDeps,
  invocation: Invocation,
  { offeringId }: { readonly offeringId: string },
) =>
  changeOffering(
    deps,
    invocation,
    'diskOffering',
    offeringId,
    {},
    {
      type: 'DeleteDiskOffering',
      data: { offeringId, now: deps.bus.now() },
    },
  );
