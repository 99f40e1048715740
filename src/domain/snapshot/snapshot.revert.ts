import type { HypervisorType } from '../hypervisor/index.ts';
import { unsupported } from '../shared/index.ts';

/**
 * Whether a volume can be reverted to a snapshot taken on this hypervisor (CloudStack's `revertable`).
 * The reference is silent on it; CloudStack's source decides it in DefaultSnapshotStrategy.canHandle
 * (REVERT): only QCOW2 volumes, i.e. KVM. XenServer VHD chains and VMware answer "Reverting not
 * supported. Create a template or volume based on the snapshot instead." The Simulator simulates it.
 * Any BackedUp snapshot of a revertable volume may be used, not just the latest.
 */
const revertable: Readonly<Record<HypervisorType, boolean>> = {
  KVM: true,
  Simulator: true,
  XenServer: false,
  VMware: false,
  Ovm: false,
  BareMetal: false,
};

export const isRevertable = (hypervisor: HypervisorType): boolean => revertable[hypervisor];

export const assertRevertSupported = (hypervisor: HypervisorType, snapshotId: string): void => {
  if (!revertable[hypervisor])
    throw unsupported(
      'HYPERVISOR_SNAPSHOT_REVERT_UNSUPPORTED',
      `${hypervisor} volumes can't be reverted to snapshot ${snapshotId}; create a template or a volume from the snapshot instead`,
      { hypervisor, snapshotId },
    );
};
