import { illegalState } from '../shared/index.ts';

/**
 * Rules on a volume's facts that other aggregates (snapshot, snapshot policy) check with the facts
 * the command side read from the volume's stream.
 */

export const assertVolumeReady = (volumeId: string, volumeState: string, purpose: string): void => {
  if (volumeState !== 'Ready')
    throw illegalState(
      'VOLUME_NOT_READY',
      `Volume ${volumeId} is ${volumeState}; ${purpose} needs a Ready volume`,
      {
        volumeId,
        volumeState,
      },
    );
};

/**
 * CloudStack's precondition for reverting a volume to a snapshot (SnapshotManagerImpl.revertSnapshot):
 * a volume attached to a VM needs that VM Stopped and without VM snapshots. `vmState` is null when the
 * volume is detached. Checked when the revert is asked for (snapshot aggregate) and again when the
 * volume starts reverting, as the VM may have started in between.
 */
export const assertRevertible = (
  volumeId: string,
  vmState: string | null,
  vmHasVmSnapshots: boolean,
): void => {
  if (vmState === null) return;
  if (vmState !== 'Stopped')
    throw illegalState(
      'VM_NOT_STOPPED',
      `The VM volume ${volumeId} is attached to is ${vmState}; stop it before reverting the volume to a snapshot`,
      { volumeId, vmState },
    );
  if (vmHasVmSnapshots)
    throw illegalState(
      'VM_HAS_VM_SNAPSHOTS',
      `The VM volume ${volumeId} is attached to has VM snapshots; delete them before reverting the volume to a snapshot`,
      { volumeId },
    );
};
