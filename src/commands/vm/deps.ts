import type { Position } from '../../adapters/eventstore/port.ts';
import type { HypervisorDriver } from '../../adapters/hypervisor/port.ts';
import {
  defaultPlacementSettings,
  defaultStoragePlacementSettings,
  type HostAllocator,
  type PlacementSettings,
  type StoragePlacementSettings,
} from '../../domain/placement/index.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';
import type { CapacityIndex } from '../capacity/capacityIndex.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';

/** CloudStack settings the VM operations follow, with CloudStack's defaults. */
export type VmSettings = {
  /** How long a reservation made by a workflow lives unless committed (the sweep expires it after). */
  readonly reservationTtlSeconds: number;
  /** `capacity.skipcounting.hours` (seconds, despite the name): a stopped VM's capacity stays reserved on its host. */
  readonly keepStoppedCapacitySeconds: number;
  /** `allow.user.expunge.recover.vm`: users (not only root admins) may expunge and recover VMs. */
  readonly allowUserExpungeRecoverVm: boolean;
  /** `enable.dynamic.scale.vm`: running VMs may be scaled. */
  readonly enableDynamicScaleVm: boolean;
  /** `vm.allocation.algorithm`. */
  readonly allocator: HostAllocator;
  readonly placement: PlacementSettings;
  readonly storagePlacement: StoragePlacementSettings;
};

export const defaultVmSettings: VmSettings = {
  reservationTtlSeconds: 900,
  keepStoppedCapacitySeconds: 3600,
  allowUserExpungeRecoverVm: false,
  enableDynamicScaleVm: false,
  allocator: 'random',
  placement: defaultPlacementSettings,
  storagePlacement: defaultStoragePlacementSettings,
};

/** What the VM operations (the sync parts, run by the API) need. */
export type VmDeps = {
  readonly bus: CommandBus;
  readonly capacity: CapacityIndex;
  readonly settings?: Partial<VmSettings>;
};

/** What the hooks called outside a job (expunge timer, host maintenance, HA) need: also the hypervisor. */
export type VmHookDeps = VmDeps & { readonly driver: HypervisorDriver };

export const settingsOf = (deps: VmDeps): VmSettings => ({ ...defaultVmSettings, ...deps.settings });

/** Who asks, and the command context their request runs under. */
export type Request = { readonly caller: Caller; readonly ctx: CommandContext };

/** An async operation's answer: the resource, the job running it, and the position to read after. */
export type Submitted = {
  readonly vmId: string;
  readonly jobId: string;
  readonly position: Position | null;
};
