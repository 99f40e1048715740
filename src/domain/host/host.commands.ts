import type { ComputeRequest } from '../capacity/index.ts';
import type { HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { HostStatusEvent } from './host.machines.ts';

type HostRef = { readonly hostId: string };

/** The cluster's facts (hypervisor, factors, host count) are read by the command side at add time. */
export type AddHost = Command<
  'AddHost',
  HostRef & {
    readonly zoneId: string;
    readonly podId: string;
    readonly clusterId: string;
    readonly name: string;
    readonly hypervisor: HypervisorType;
    readonly clusterHypervisor: HypervisorType;
    readonly clusterHostCount: number;
    readonly cpuCores: number;
    readonly cpuSpeedMhz: number;
    readonly memoryMiB: number;
    readonly tags: readonly string[];
    readonly cpuOverprovisioning: number;
    readonly memoryOverprovisioning: number;
  }
>;

/** What the agent manager saw; only a change of Status produces an event. */
export type RecordHostStatusEvent = Command<
  'RecordHostStatusEvent',
  HostRef & { readonly event: HostStatusEvent }
>;

export type EnableHost = Command<'EnableHost', HostRef>;
export type DisableHost = Command<'DisableHost', HostRef>;

/** Counts read by the command side: other hosts of the cluster preparing, and this host's VMs (§2.3). */
export type PrepareHostForMaintenance = Command<
  'PrepareHostForMaintenance',
  HostRef & {
    readonly clusterHostsPreparing: number;
    readonly vmsStarting: number;
    readonly vmsStopping: number;
    readonly vmsInError: number;
    readonly vmsMigratingIn: number;
  }
>;

/** The host is empty: its VMs were migrated away. */
export type CompleteHostMaintenance = Command<'CompleteHostMaintenance', HostRef>;
export type FailHostMaintenance = Command<
  'FailHostMaintenance',
  HostRef & { readonly reason: 'UnableToMigrate' | 'UnableToMaintain' }
>;
export type CancelHostMaintenance = Command<'CancelHostMaintenance', HostRef>;
export type DeclareHostDegraded = Command<'DeclareHostDegraded', HostRef>;
export type CancelHostDegraded = Command<'CancelHostDegraded', HostRef>;
export type RemoveHost = Command<'RemoveHost', HostRef>;
export type UpdateHostTags = Command<'UpdateHostTags', HostRef & { readonly tags: readonly string[] }>;

/** The cluster's new factors, passed on by the command side after ClusterOverprovisioningUpdated. */
export type UpdateHostOverprovisioning = Command<
  'UpdateHostOverprovisioning',
  HostRef & { readonly cpuOverprovisioning: number; readonly memoryOverprovisioning: number }
>;

export type ReserveHostCapacity = Command<
  'ReserveHostCapacity',
  HostRef &
    ComputeRequest & {
      readonly reservationId: string;
      readonly vmId: string;
      readonly now: string;
      readonly expiresAt: string;
    }
>;

export type CommitHostCapacity = Command<'CommitHostCapacity', HostRef & { readonly reservationId: string }>;

export type ReleaseHostCapacity = Command<
  'ReleaseHostCapacity',
  HostRef & ({ readonly reservationId: string } | { readonly vmId: string })
>;

export type ExpireHostReservations = Command<'ExpireHostReservations', HostRef & { readonly now: string }>;

/** The VM stopped: keep its capacity counted here until keepUntil (now + capacity.skipcounting.hours). */
export type KeepHostCapacityForStoppedVm = Command<
  'KeepHostCapacityForStoppedVm',
  HostRef & { readonly vmId: string; readonly now: string; readonly keepUntil: string }
>;

export type HostCapacityCommand =
  | ReserveHostCapacity
  | CommitHostCapacity
  | ReleaseHostCapacity
  | ExpireHostReservations
  | KeepHostCapacityForStoppedVm;

export type HostCommand =
  | AddHost
  | RecordHostStatusEvent
  | EnableHost
  | DisableHost
  | PrepareHostForMaintenance
  | CompleteHostMaintenance
  | FailHostMaintenance
  | CancelHostMaintenance
  | DeclareHostDegraded
  | CancelHostDegraded
  | RemoveHost
  | UpdateHostTags
  | UpdateHostOverprovisioning
  | HostCapacityCommand;
