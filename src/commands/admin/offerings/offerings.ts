import type { CreateDiskOffering, UpdateDiskOffering } from '../../../domain/offering/disk/index.ts';
import type { CreateServiceOffering, UpdateServiceOffering } from '../../../domain/offering/service/index.ts';
import { forbidden } from '../../../domain/shared/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
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

export const updateServiceOffering = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: UpdateServiceOffering['data'],
): Promise<Positioned> => {
  await requireChange(bus, caller, 'serviceOffering', input.offeringId, input);
  const steps = new Steps(bus, ctx);
  await steps.run('update', 'serviceOffering', input.offeringId, {
    type: 'UpdateServiceOffering',
    data: input,
  });
  return { position: steps.position };
};

export const updateDiskOffering = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: UpdateDiskOffering['data'],
): Promise<Positioned> => {
  await requireChange(bus, caller, 'diskOffering', input.offeringId, input);
  const steps = new Steps(bus, ctx);
  await steps.run('update', 'diskOffering', input.offeringId, { type: 'UpdateDiskOffering', data: input });
  return { position: steps.position };
};

/** deleteServiceOffering (sync): VMs already on it keep their recorded sizes. */
export const deleteServiceOffering = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  { offeringId }: { readonly offeringId: string },
): Promise<Positioned> => {
  await requireChange(bus, caller, 'serviceOffering', offeringId, {});
  const steps = new Steps(bus, ctx);
  await steps.run('delete', 'serviceOffering', offeringId, {
    type: 'DeleteServiceOffering',
    data: { offeringId, now: bus.now() },
  });
  return { position: steps.position };
};

/** deleteDiskOffering (sync): volumes already created from it keep their size. */
export const deleteDiskOffering = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  { offeringId }: { readonly offeringId: string },
): Promise<Positioned> => {
  await requireChange(bus, caller, 'diskOffering', offeringId, {});
  const steps = new Steps(bus, ctx);
  await steps.run('delete', 'diskOffering', offeringId, {
    type: 'DeleteDiskOffering',
    data: { offeringId, now: bus.now() },
  });
  return { position: steps.position };
};
