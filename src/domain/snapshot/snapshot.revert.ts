import { capabilitiesOf, type HypervisorType } from '../hypervisor/index.ts';
import { unsupported } from '../shared/index.ts';

/**
 * Whether a volume can be reverted to a snapshot taken on this hypervisor (the capability matrix's
 * revertSnapshots). Any BackedUp snapshot of a revertable volume may be used, not just the latest.
 */
export const isRevertable = (hypervisor: HypervisorType): boolean =>
  capabilitiesOf(hypervisor).revertSnapshots;

export const assertRevertSupported = (hypervisor: HypervisorType, snapshotId: string): void => {
  if (!isRevertable(hypervisor))
    throw unsupported(
      'HYPERVISOR_SNAPSHOT_REVERT_UNSUPPORTED',
      `${hypervisor} volumes can't be reverted to snapshot ${snapshotId}; create a template or a volume from the snapshot instead`,
      { hypervisor, snapshotId },
    );
};
