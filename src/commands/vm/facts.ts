import type { HypervisorType } from '../../domain/hypervisor/index.ts';
import { assertDeployable, type ImageState } from '../../domain/image/index.ts';
import { assertServiceOfferingAvailable, type ServiceOffering } from '../../domain/offering/service/index.ts';
import { forbidden, invalid, notFound } from '../../domain/shared/index.ts';
import { type Caller, canActOn } from '../../domain/tenancy/roles.ts';
import { type Vm, type VmCommand, type VmImage, vmDecider } from '../../domain/vm/index.ts';
import type { Zone } from '../../domain/zone/index.ts';
import { livePath } from '../admin/tenancy/scope.ts';
import type { CommandBus } from '../commandBus.ts';
import { assertOfferingUsable } from '../offeringAvailability.ts';
import { domainIdsOf, loadOwner, type Owner } from '../quota/limits.ts';

/** The facts the VM deciders need, read from the streams that own them (never from a read model). */

export const isRootAdmin = (caller: Caller): boolean => caller.roleType === 'Admin';

/**
 * Whether the caller may act on what the owner owns (root admin, a domain admin above it, or the
 * owner). The owner's path is read from the names up its chain: the path a domain's stream records
 * goes stale when an ancestor is renamed.
 */
const mayActOn = (caller: Caller, owner: Owner): boolean =>
  canActOn(caller, { accountId: owner.account.accountId, tenantDomainPath: livePath(owner.chain) });

/** The caller may act on what the owner owns, or is refused. */
export const authorize = (caller: Caller, owner: Owner, what: string): void => {
  if (!mayActOn(caller, owner))
    throw forbidden('VM_ACCESS_DENIED', `You may not act on ${what} of account ${owner.account.name}`, {
      callerAccountId: caller.accountId,
      ownerAccountId: owner.account.accountId,
    });
};

export const requireRootAdmin = (caller: Caller, action: string): void => {
  if (!isRootAdmin(caller))
    throw forbidden('ROOT_ADMIN_ONLY', `Only a root admin can ${action}`, {
      callerAccountId: caller.accountId,
    });
};

/**
 * Refuses what the VM decider would refuse, before anything is reserved or submitted: the decider is
 * pure, so asking it costs nothing and its refusal is the one the job would record.
 */
export const assertAllowed = (command: VmCommand, vm: Vm): void => {
  vmDecider.decide(command, vm);
};

export const loadVm = async (bus: CommandBus, vmId: string): Promise<Vm> => {
  const { state } = await bus.load('vm', vmId);
  if (state.status === 'Initial') throw notFound('VM_NOT_FOUND', `VM ${vmId} does not exist`, { vmId });
  return state;
};

/** The VM and its owner, once the caller is known to be allowed to act on it. */
export const loadOwnedVm = async (
  bus: CommandBus,
  caller: Caller,
  vmId: string,
): Promise<{ vm: Vm; owner: Owner }> => {
  const vm = await loadVm(bus, vmId);
  const owner = await loadOwner(bus, vm.accountId, { allowRemoved: true });
  authorize(caller, owner, `VM ${vm.name}`);
  return { vm, owner };
};

export const loadZone = async (bus: CommandBus, zoneId: string, caller: Caller): Promise<Zone> => {
  const { state } = await bus.load('zone', zoneId);
  if (state === null || state.removed)
    throw notFound('ZONE_NOT_FOUND', `Zone ${zoneId} does not exist`, { zoneId });
  // As CloudStack: only root admins deploy into a disabled zone (to test it before opening it).
  if (state.allocationState !== 'Enabled' && !isRootAdmin(caller))
    throw invalid('ZONE_DISABLED', `Zone ${state.name} is disabled; choose another zone`, { zoneId });
  return state;
};

/** The service offering, available to the owner in the zone, and not a system VM's. */
export const loadServiceOffering = async (
  bus: CommandBus,
  offeringId: string,
  zoneId: string,
  owner: Owner,
): Promise<ServiceOffering> => {
  const { state } = await bus.load('serviceOffering', offeringId);
  assertOfferingUsable(assertServiceOfferingAvailable, offeringId, state, {
    zoneId,
    tenantDomainIds: domainIdsOf(owner),
  });
  if (state.status === 'None')
    throw notFound('SERVICE_OFFERING_NOT_FOUND', `Service offering ${offeringId} does not exist`);
  if (state.isSystem)
    throw invalid('SERVICE_OFFERING_SYSTEM', `Service offering ${offeringId} is for system VMs`, {
      offeringId,
    });
  return state;
};

export type DeployImage = {
  readonly image: VmImage;
  /** The hypervisor the VM runs on: the template's, or the one asked for with an ISO. */
  readonly hypervisor: HypervisorType;
  /** The template's size in the zone: the smallest ROOT disk it fits on. */
  readonly sizeBytes: number | null;
  readonly dynamicallyScalable: boolean;
};

/** Whether the caller may act on what `accountId` owns (root admins, its domain admins, itself). */
const mayActFor = async (bus: CommandBus, caller: Caller, accountId: string): Promise<boolean> => {
  if (isRootAdmin(caller) || caller.accountId === accountId) return true;
  return mayActOn(caller, await loadOwner(bus, accountId, { allowRemoved: true, allowDeletedDomains: true }));
};

/**
 * A template (or bootable ISO) the owner may use, ready in the zone: public, the owner's own, or one
 * of an account the caller may act on. Any other answers as one that doesn't exist, before its state
 * could tell that it does.
 */
export const loadImage = async (
  bus: CommandBus,
  imageId: string,
  kind: 'TEMPLATE' | 'ISO',
  zoneId: string,
  owner: Owner,
  caller: Caller,
  isoHypervisor?: HypervisorType,
): Promise<DeployImage> => {
  const { state } = await bus.load('image', imageId);
  const absent = () => notFound('IMAGE_NOT_FOUND', `Template or ISO ${imageId} does not exist`, { imageId });
  if (state.status === 'None') throw absent();
  if (
    !state.isPublic &&
    state.ownerAccountId !== owner.account.accountId &&
    !(await mayActFor(bus, caller, state.ownerAccountId))
  )
    throw absent();
  const hypervisor = imageHypervisor(state, imageId, isoHypervisor);
  assertDeployable(imageId, state, { kind, zoneId, hypervisor });
  if (state.status !== 'Active') throw notFound('IMAGE_NOT_FOUND', `Image ${imageId} does not exist`);
  return {
    image: kind === 'TEMPLATE' ? { kind: 'template', templateId: imageId } : { kind: 'iso', isoId: imageId },
    hypervisor,
    sizeBytes: state.zones[zoneId]?.sizeBytes ?? state.sizeBytes,
    dynamicallyScalable: state.dynamicallyScalable,
  };
};

const imageHypervisor = (
  state: ImageState,
  imageId: string,
  isoHypervisor: HypervisorType | undefined,
): HypervisorType => {
  if (state.status !== 'None' && state.hypervisor !== null) return state.hypervisor;
  if (isoHypervisor === undefined)
    throw invalid(
      'VM_HYPERVISOR_REQUIRED',
      `Image ${imageId} boots on any hypervisor: name the hypervisor to deploy on`,
      {
        imageId,
      },
    );
  return isoHypervisor;
};
