import { type VmStatus, vmStatuses } from '../vm/vm.stateMachine.ts';
import { type VolumeStatus, volumeStatuses } from '../volume/volume.machine.ts';

/**
 * Which resources count towards limits (reference §5.3, §1.3): destroyed VMs do not count (recover
 * re-checks the limits), stopped VMs do; volumes count until they are destroyed. Limits take the VM
 * and volume aggregates' statuses, and also classify the CloudStack states no Skyledger command
 * leads to, which a history imported from CloudStack may hold.
 */

const cloudStackOnlyVmStates = ['Unknown', 'Shutdown'] as const;
export type VmLimitState = VmStatus | (typeof cloudStackOnlyVmStates)[number];

/**
 * CloudStack `VirtualMachine.State`: the VM aggregate's statuses without its own Expunged (where
 * CloudStack removes the row), plus the CloudStack-only ones.
 */
export const vmStates: readonly VmLimitState[] = [
  ...vmStatuses.filter((status) => status !== 'Expunged'),
  ...cloudStackOnlyVmStates,
];

const vmStatesNotCounted: ReadonlySet<VmLimitState> = new Set([
  'Destroyed',
  'Error',
  'Expunging',
  'Expunged',
]);

/** Whether a VM in this state counts for user_vm, cpu and memory. */
export const countsTowardLimits = (vmState: VmLimitState): boolean => !vmStatesNotCounted.has(vmState);

const cloudStackOnlyVolumeStates = [
  'Destroying',
  'UploadOp',
  'Copying',
  'Uploaded',
  'NotUploaded',
  'UploadInProgress',
  'UploadError',
  'UploadAbandoned',
] as const;
export type VolumeLimitState = VolumeStatus | (typeof cloudStackOnlyVolumeStates)[number];

/** CloudStack `Volume.State`: the volume aggregate's statuses plus the CloudStack-only ones. */
export const volumeStates: readonly VolumeLimitState[] = [...volumeStatuses, ...cloudStackOnlyVolumeStates];

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
