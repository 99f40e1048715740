import { describe, expect, it } from 'vitest';
import {
  assertCpuMemoryOverProvisioning,
  assertDiskFormat,
  assertStorageOverProvisioning,
  assertStoragePoolType,
  assertVolumeSnapshots,
} from '../../../src/domain/hypervisor/index.ts';
import { DomainError } from '../../../src/domain/shared/index.ts';

/** Runs a guard and returns what it threw. */
const refusalOf = (guard: () => void): DomainError => {
  try {
    guard();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected the guard to refuse');
};

const expectRefused = (guard: () => void, code: string, details: Record<string, unknown>): void => {
  const error = refusalOf(guard);
  expect(error.kind).toBe('unsupported');
  expect(error.code).toBe(code);
  expect(error.details).toMatchObject(details);
};

describe('hypervisor guards: disk formats', () => {
  it('refuses a QCOW2 disk on XenServer', () =>
    expectRefused(() => assertDiskFormat('XenServer', 'QCOW2'), 'HYPERVISOR_FORMAT_UNSUPPORTED', {
      hypervisor: 'XenServer',
      format: 'QCOW2',
    }));

  it('refuses a VHD disk on KVM', () =>
    expectRefused(() => assertDiskFormat('KVM', 'VHD'), 'HYPERVISOR_FORMAT_UNSUPPORTED', { format: 'VHD' }));

  it('refuses a QCOW2 disk on VMware', () =>
    expectRefused(() => assertDiskFormat('VMware', 'QCOW2'), 'HYPERVISOR_FORMAT_UNSUPPORTED', {
      hypervisor: 'VMware',
    }));

  it('refuses an ISO as a BareMetal image', () =>
    expectRefused(() => assertDiskFormat('BareMetal', 'ISO'), 'HYPERVISOR_FORMAT_UNSUPPORTED', {
      hypervisor: 'BareMetal',
    }));

  it('accepts each hypervisor native format', () => {
    expect(() => assertDiskFormat('XenServer', 'VHD')).not.toThrow();
    expect(() => assertDiskFormat('KVM', 'QCOW2')).not.toThrow();
    expect(() => assertDiskFormat('VMware', 'OVA')).not.toThrow();
    expect(() => assertDiskFormat('Ovm', 'RAW')).not.toThrow();
  });
});

describe('hypervisor guards: primary storage types', () => {
  it('refuses iSCSI primary storage on KVM', () =>
    expectRefused(() => assertStoragePoolType('KVM', 'iSCSI'), 'HYPERVISOR_STORAGE_UNSUPPORTED', {
      hypervisor: 'KVM',
      poolType: 'iSCSI',
    }));

  it('refuses SharedMountPoint storage on XenServer', () =>
    expectRefused(
      () => assertStoragePoolType('XenServer', 'SharedMountPoint'),
      'HYPERVISOR_STORAGE_UNSUPPORTED',
      {
        poolType: 'SharedMountPoint',
      },
    ));

  it('refuses any primary storage for BareMetal', () =>
    expectRefused(() => assertStoragePoolType('BareMetal', 'NFS'), 'HYPERVISOR_STORAGE_UNSUPPORTED', {
      hypervisor: 'BareMetal',
    }));

  it('accepts NFS on KVM, XenServer and VMware', () => {
    for (const h of ['KVM', 'XenServer', 'VMware'] as const)
      expect(() => assertStoragePoolType(h, 'NFS')).not.toThrow();
  });
});

describe('hypervisor guards: volume snapshots', () => {
  it('refuses volume snapshots on OVM', () =>
    expectRefused(() => assertVolumeSnapshots('Ovm', false), 'HYPERVISOR_SNAPSHOT_UNSUPPORTED', {
      hypervisor: 'Ovm',
    }));

  it('refuses volume snapshots on BareMetal', () =>
    expectRefused(() => assertVolumeSnapshots('BareMetal', false), 'HYPERVISOR_SNAPSHOT_UNSUPPORTED', {
      hypervisor: 'BareMetal',
    }));

  it('refuses a snapshot of a running KVM VM volume', () =>
    expectRefused(() => assertVolumeSnapshots('KVM', true), 'HYPERVISOR_LIVE_SNAPSHOT_UNSUPPORTED', {
      hypervisor: 'KVM',
    }));

  it('accepts a snapshot of a stopped KVM VM and of a running XenServer VM', () => {
    expect(() => assertVolumeSnapshots('KVM', false)).not.toThrow();
    expect(() => assertVolumeSnapshots('XenServer', true)).not.toThrow();
  });
});

describe('hypervisor guards: CPU and memory over-provisioning', () => {
  it('refuses a CPU factor above 4 on XenServer', () =>
    expectRefused(
      () => assertCpuMemoryOverProvisioning('XenServer', 4.5, 1),
      'HYPERVISOR_OVERPROVISIONING_UNSUPPORTED',
      { hypervisor: 'XenServer', cpuFactor: 4.5 },
    ));

  it('refuses a memory factor above 4 on XenServer', () =>
    expectRefused(
      () => assertCpuMemoryOverProvisioning('XenServer', 1, 5),
      'HYPERVISOR_OVERPROVISIONING_UNSUPPORTED',
      { memoryFactor: 5 },
    ));

  it('refuses any over-provisioning on OVM', () =>
    expectRefused(
      () => assertCpuMemoryOverProvisioning('Ovm', 1.5, 1),
      'HYPERVISOR_OVERPROVISIONING_UNSUPPORTED',
      { hypervisor: 'Ovm' },
    ));

  it('refuses any over-provisioning on BareMetal', () =>
    expectRefused(
      () => assertCpuMemoryOverProvisioning('BareMetal', 1, 2),
      'HYPERVISOR_OVERPROVISIONING_UNSUPPORTED',
      { hypervisor: 'BareMetal' },
    ));

  it('accepts XenServer at its cap and KVM well above it', () => {
    expect(() => assertCpuMemoryOverProvisioning('XenServer', 4, 4)).not.toThrow();
    expect(() => assertCpuMemoryOverProvisioning('KVM', 16, 8)).not.toThrow();
  });
});

describe('hypervisor guards: storage over-provisioning', () => {
  it('refuses over-provisioning iSCSI on XenServer', () =>
    expectRefused(
      () => assertStorageOverProvisioning('XenServer', 'iSCSI', 2),
      'HYPERVISOR_STORAGE_OVERPROVISIONING_UNSUPPORTED',
      { hypervisor: 'XenServer', poolType: 'iSCSI', factor: 2 },
    ));

  it('refuses over-provisioning SharedMountPoint on KVM', () =>
    expectRefused(
      () => assertStorageOverProvisioning('KVM', 'SharedMountPoint', 1.5),
      'HYPERVISOR_STORAGE_OVERPROVISIONING_UNSUPPORTED',
      { poolType: 'SharedMountPoint' },
    ));

  it('refuses over-provisioning NFS on OVM', () =>
    expectRefused(
      () => assertStorageOverProvisioning('Ovm', 'NFS', 2),
      'HYPERVISOR_STORAGE_OVERPROVISIONING_UNSUPPORTED',
      { hypervisor: 'Ovm' },
    ));

  it('accepts factor 1 anywhere, NFS on KVM and iSCSI on VMware', () => {
    expect(() => assertStorageOverProvisioning('XenServer', 'iSCSI', 1)).not.toThrow();
    expect(() => assertStorageOverProvisioning('KVM', 'NFS', 2)).not.toThrow();
    expect(() => assertStorageOverProvisioning('VMware', 'iSCSI', 3)).not.toThrow();
  });
});
