import { describe, expect, it } from 'vitest';
import { assertDeployable, type DeployTarget, decider, isReadyIn } from '../../../src/domain/image/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { refusalCodeOf } from '../helpers.ts';
import {
  deletedEvent,
  downloaded,
  imageId,
  isoCreated,
  isoRef,
  progressed,
  templateCreated,
  zoneA,
  zoneB,
  zoneC,
} from './fixtures.ts';

const kvmInA: DeployTarget = { kind: 'TEMPLATE', zoneId: zoneA, hypervisor: 'KVM' };
const template = fold(decider, [templateCreated(), downloaded(zoneA), progressed(zoneB, 20)]);

describe('isReadyIn', () => {
  it('is true where the copy is downloaded', () => {
    expect(isReadyIn(template, zoneA)).toBe(true);
  });

  it('is false while a copy downloads', () => {
    expect(isReadyIn(template, zoneB)).toBe(false);
  });

  it('is false in a zone without a copy', () => {
    expect(isReadyIn(template, zoneC)).toBe(false);
  });

  it('is false for an unknown image', () => {
    expect(isReadyIn(decider.initialState(), zoneA)).toBe(false);
  });
});

describe('assertDeployable', () => {
  it('accepts a ready template of the VM hypervisor', () => {
    expect(refusalCodeOf(() => assertDeployable(imageId, template, kvmInA))).toBeNull();
  });

  it('refuses a template for another hypervisor', () => {
    expect(
      refusalCodeOf(() => assertDeployable(imageId, template, { ...kvmInA, hypervisor: 'XenServer' })),
    ).toBe('IMAGE_HYPERVISOR_MISMATCH');
  });

  it('refuses a zone where the template is not ready', () => {
    expect(refusalCodeOf(() => assertDeployable(imageId, template, { ...kvmInA, zoneId: zoneB }))).toBe(
      'IMAGE_NOT_READY_IN_ZONE',
    );
  });

  it('refuses a zone without a copy', () => {
    expect(refusalCodeOf(() => assertDeployable(imageId, template, { ...kvmInA, zoneId: zoneC }))).toBe(
      'IMAGE_NOT_IN_ZONE',
    );
  });

  it('refuses a template used as an ISO', () => {
    expect(refusalCodeOf(() => assertDeployable(imageId, template, { ...kvmInA, kind: 'ISO' }))).toBe(
      'IMAGE_KIND_MISMATCH',
    );
  });

  it('accepts a bootable ISO on any hypervisor', () => {
    const iso = fold(decider, [isoCreated(), downloaded(zoneA, isoRef)]);
    expect(
      refusalCodeOf(() =>
        assertDeployable(imageId, iso, { kind: 'ISO', zoneId: zoneA, hypervisor: 'VMware' }),
      ),
    ).toBeNull();
  });

  it('refuses a non-bootable ISO', () => {
    const iso = fold(decider, [isoCreated({ bootable: false, osType: null }), downloaded(zoneA, isoRef)]);
    expect(
      refusalCodeOf(() => assertDeployable(imageId, iso, { kind: 'ISO', zoneId: zoneA, hypervisor: 'KVM' })),
    ).toBe('IMAGE_ISO_NOT_BOOTABLE');
  });

  it('refuses a deleted template', () => {
    const gone = fold(decider, [templateCreated(), downloaded(zoneA), deletedEvent()]);
    expect(refusalCodeOf(() => assertDeployable(imageId, gone, kvmInA))).toBe('IMAGE_DELETED');
  });

  it('refuses an unknown image', () => {
    expect(refusalCodeOf(() => assertDeployable(imageId, decider.initialState(), kvmInA))).toBe(
      'IMAGE_NOT_FOUND',
    );
  });
});
