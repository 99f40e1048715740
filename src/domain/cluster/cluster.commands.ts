import type { HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';

/** One hypervisor type per cluster (§2.4). Factors default to 1. */
export type CreateCluster = Command<
  'CreateCluster',
  {
    readonly clusterId: string;
    readonly zoneId: string;
    readonly podId: string;
    readonly name: string;
    readonly hypervisor: HypervisorType;
    readonly cpuOverprovisioning?: number;
    readonly memoryOverprovisioning?: number;
  }
>;

export type RenameCluster = Command<'RenameCluster', { readonly clusterId: string; readonly name: string }>;

/** Omitted factors keep their value. */
export type UpdateClusterOverprovisioning = Command<
  'UpdateClusterOverprovisioning',
  {
    readonly clusterId: string;
    readonly cpuOverprovisioning?: number;
    readonly memoryOverprovisioning?: number;
  }
>;

export type EnableCluster = Command<'EnableCluster', { readonly clusterId: string }>;
export type DisableCluster = Command<'DisableCluster', { readonly clusterId: string }>;

/** `hostCount` is the cluster's hosts not yet removed, read by the command side. */
export type DeleteCluster = Command<
  'DeleteCluster',
  { readonly clusterId: string; readonly hostCount: number }
>;

export type ClusterCommand =
  | CreateCluster
  | RenameCluster
  | UpdateClusterOverprovisioning
  | EnableCluster
  | DisableCluster
  | DeleteCluster;
