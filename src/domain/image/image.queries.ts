import type { HypervisorType } from '../hypervisor/index.ts';
import { invalid, unsupported } from '../shared/index.ts';
import type { ImageKind } from './image.events.ts';
import { assertKind, expectActive, readyCopyOf } from './image.rules.ts';
import type { ImageState } from './image.state.ts';

/** Pure reads of an image's state for the command side (deploy, restore, attach ISO). */

export const isReadyIn = (state: ImageState, zoneId: string): boolean =>
  state.status === 'Active' && state.zones[zoneId]?.ready === true;

export type DeployTarget = {
  readonly kind: ImageKind;
  readonly zoneId: string;
  /** The hypervisor the VM will run on. */
  readonly hypervisor: HypervisorType;
};

/**
 * Refuses an image a VM cannot be deployed (or restored) from: gone, of the other kind, not ready in the
 * zone, a template built for another hypervisor, or an ISO that does not boot.
 */
export const assertDeployable = (imageId: string, state: ImageState, target: DeployTarget): void => {
  const image = expectActive(state, imageId);
  assertKind(image, target.kind);
  readyCopyOf(image, target.zoneId);
  if (image.hypervisor !== null && image.hypervisor !== target.hypervisor)
    throw unsupported(
      'IMAGE_HYPERVISOR_MISMATCH',
      `Template ${imageId} is for ${image.hypervisor}, not ${target.hypervisor}; choose a template for ${target.hypervisor}`,
      { imageId, templateHypervisor: image.hypervisor, hypervisor: target.hypervisor },
    );
  if (!image.bootable)
    throw invalid(
      'IMAGE_ISO_NOT_BOOTABLE',
      `ISO ${imageId} is not bootable; a VM cannot be deployed from it`,
      {
        imageId,
      },
    );
};
