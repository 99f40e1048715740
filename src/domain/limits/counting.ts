/**
 * Which resources count towards limits (reference §5.3, §1.3): destroyed VMs do not count (recover
 * re-checks the limits), stopped VMs do; volumes count until they are destroyed.
 */

/** CloudStack `VirtualMachine.State`. */
export const vmStates = [
  'Starting',
  'Running',
  'Stopping',
  'Stopped',
  'Destroyed',
  'Expunging',
  'Migrating',
  'Error',
  'Unknown',
  'Shutdown',
] as const;
export type VmLimitState = (typeof vmStates)[number];

const vmStatesNotCounted: ReadonlySet<VmLimitState> = new Set(['Destroyed', 'Error', 'Expunging']);

/** Whether a VM in this state counts for user_vm, cpu and memory. */
export const countsTowardLimits = (vmState: VmLimitState): boolean => !vmStatesNotCounted.has(vmState);

/** CloudStack `Volume.State`. */
export const volumeStates = [
  'Allocated',
  'Creating',
  'Ready',
  'Migrating',
  'Snapshotting',
  'RevertSnapshotting',
  'Resizing',
  'Expunging',
  'Expunged',
  'Destroy',
  'Destroying',
  'UploadOp',
  'Copying',
  'Uploaded',
  'NotUploaded',
  'UploadInProgress',
  'UploadError',
  'UploadAbandoned',
  'Attaching',
] as const;
export type VolumeLimitState = (typeof volumeStates)[number];

/** Destroy and everything after it (Destroying, Expunging, Expunged) no longer counts. */
const volumeStatesNotCounted: ReadonlySet<VolumeLimitState> = new Set([
  'Destroy',
  'Destroying',
  'Expunging',
  'Expunged',
]);

/** Whether a volume in this state counts for volume and primary_storage. */
export const volumeCountsTowardLimits = (volumeState: VolumeLimitState): boolean =>
  !volumeStatesNotCounted.has(volumeState);
