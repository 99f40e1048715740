import type { Observable } from 'rxjs';

/**
 * What the control plane asks of a hypervisor. Workflows call it; drivers (the simulator first)
 * implement it. Heartbeats and metrics are state, not events: they would drown the event store.
 */
export type VmSpec = {
  readonly vmId: string;
  readonly hostId: string;
  readonly cpuNumber: number;
  readonly cpuSpeedMhz: number;
  readonly memoryMiB: number;
};

export type VmStats = {
  readonly vmId: string;
  readonly hostId: string;
  /** Share of the VM's CPU allocation in use, 0–100. */
  readonly cpuUsedPercent: number;
  readonly networkReadBytes: number;
  readonly networkWriteBytes: number;
  readonly diskReadBytes: number;
  readonly diskWriteBytes: number;
  readonly diskReadIops: number;
  readonly diskWriteIops: number;
  readonly memoryUsedMiB: number;
  readonly sampledAt: Date;
};

export type HostHeartbeat = { readonly hostId: string; readonly at: Date };

export type HypervisorOperation =
  | 'startVm'
  | 'stopVm'
  | 'rebootVm'
  | 'migrateVm'
  | 'expungeVm'
  | 'createVolume'
  | 'attachVolume'
  | 'detachVolume'
  | 'resizeVolume'
  | 'deleteVolume'
  | 'takeSnapshot'
  | 'deleteSnapshot'
  | 'revertSnapshot'
  | 'createTemplate';

export interface HypervisorDriver {
  startVm(spec: VmSpec): Promise<void>;
  stopVm(r: { vmId: string; hostId: string; forced: boolean }): Promise<void>;
  rebootVm(r: { vmId: string; hostId: string }): Promise<void>;
  migrateVm(r: { vmId: string; sourceHostId: string; targetHostId: string }): Promise<void>;
  expungeVm(r: { vmId: string }): Promise<void>;
  createVolume(r: { volumeId: string; poolId: string; sizeBytes: number }): Promise<void>;
  attachVolume(r: { volumeId: string; vmId: string; hostId: string | null; deviceId: number }): Promise<void>;
  detachVolume(r: { volumeId: string; vmId: string; hostId: string | null }): Promise<void>;
  resizeVolume(r: { volumeId: string; poolId: string; newSizeBytes: number }): Promise<void>;
  deleteVolume(r: { volumeId: string; poolId: string | null }): Promise<void>;
  /** Returns the size the snapshot takes on secondary storage. */
  takeSnapshot(r: {
    snapshotId: string;
    volumeId: string;
    sizeBytes: number;
  }): Promise<{ physicalSizeBytes: number }>;
  deleteSnapshot(r: { snapshotId: string }): Promise<void>;
  revertSnapshot(r: { snapshotId: string; volumeId: string }): Promise<void>;
  createTemplate(r: {
    templateId: string;
    sourceId: string;
    sizeBytes: number;
  }): Promise<{ sizeBytes: number }>;
  /** Latest metrics of a running VM, or null when it is not running. */
  vmStats(vmId: string): VmStats | null;
  /** One heartbeat per reachable host per interval. */
  heartbeats(): Observable<HostHeartbeat>;
  close(): Promise<void>;
}

/** A hypervisor refused or failed an operation; `code` is CloudStack-like for the job's error. */
export class HypervisorError extends Error {
  constructor(
    readonly operation: HypervisorOperation,
    readonly code: 'HOST_UNREACHABLE' | 'OPERATION_FAILED' | 'VM_NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'HypervisorError';
  }
}
