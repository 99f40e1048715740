import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  images,
  jobs,
  snapshotPolicies,
  snapshots,
  vms,
  volumes,
} from '../../../src/projections/readModels/index.ts';
import { type Harness, newId, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([images, vms, volumes, snapshots, snapshotPolicies, jobs]);
});
afterAll(() => h.close());

const at = '2025-03-01T10:00:00.000Z';
const owner = { accountId: newId(), tenantDomainId: newId() };

describe('images', () => {
  it('records a template with a copy per zone and follows each copy', async () => {
    const ref = {
      imageId: newId(),
      kind: 'TEMPLATE' as const,
      ownerAccountId: owner.accountId,
      tenantDomainId: owner.tenantDomainId,
    };
    await h.record(`image-${ref.imageId}`, [
      {
        type: 'ImageCreated',
        data: {
          ...ref,
          name: 'ubuntu',
          displayText: 'Ubuntu 24.04',
          format: 'QCOW2',
          hypervisor: 'KVM',
          osType: 'Ubuntu',
          source: { type: 'url', url: 'http://images/ubuntu.qcow2' },
          zoneIds: ['z2', 'z1'],
          crossZones: false,
          isPublic: true,
          isFeatured: false,
          passwordEnabled: false,
          dynamicallyScalable: true,
          bootable: true,
          sizeBytes: null,
          createdAt: at,
        },
      },
      { type: 'ImageZoneDownloadProgressed', data: { ...ref, zoneId: 'z1', downloadPercent: 40 } },
      {
        type: 'ImageZoneDownloaded',
        data: { ...ref, zoneId: 'z2', sizeBytes: 2048, physicalSizeBytes: 1024 },
      },
      { type: 'ImageUpdated', data: { ...ref, changes: { displayText: 'Ubuntu LTS' } } },
    ]);
    await h.settle();
    const row = await h.row('images', ref.imageId);
    expect(row).toMatchObject({
      kind: 'TEMPLATE',
      display_text: 'Ubuntu LTS',
      account_id: owner.accountId,
      state: 'Active',
      zone_ids: ['z1', 'z2'],
      ready_zone_ids: ['z2'],
      is_public: true,
    });
    expect(row?.zones).toMatchObject({
      z1: { status: 'DOWNLOAD_IN_PROGRESS', downloadPercent: 40, ready: false },
      z2: { status: 'DOWNLOADED', ready: true, sizeBytes: 2048 },
    });
  });
});

const vmRef = (vmId: string) => ({ vmId, ...owner, zoneId: 'zone-1' });
const size = { cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 2048 };
const usage = (vmId: string, hostId: string | null) => ({
  ...vmRef(vmId),
  name: 'web-1',
  serviceOfferingId: 'offering-1',
  image: { kind: 'template' as const, templateId: 'template-1' },
  size,
  hypervisor: 'KVM' as const,
  hostId,
});
const place = { hostId: 'host-1', podId: 'pod-1', clusterId: 'cluster-1' };
const vmCreated = (vmId: string, rootVolumeId: string) => ({
  type: 'VmCreated' as const,
  data: {
    ...usage(vmId, null),
    displayName: 'Web 1',
    userId: 'user-1',
    rootVolumeId,
    group: null,
    haEnabled: false,
    templateDynamicallyScalable: false,
    dynamicScalingEnabled: false,
    startVm: true,
    createdAt: at,
  },
});

describe('vms', () => {
  it('records a created VM, Stopped, with its offering, size and template', async () => {
    const vmId = newId();
    await h.record(`vm-${vmId}`, [vmCreated(vmId, 'root-1')]);
    await h.settle();
    expect(await h.row('vms', vmId)).toMatchObject({
      name: 'web-1',
      display_name: 'Web 1',
      state: 'Stopped',
      host_id: null,
      service_offering_id: 'offering-1',
      template_id: 'template-1',
      iso_id: null,
      cpu_number: 2,
      memory_mib: 2048,
      root_volume_id: 'root-1',
      nics: [],
      account_id: owner.accountId,
    });
  });

  it('places a starting VM on its host and keeps the host as last host once stopped', async () => {
    const vmId = newId();
    const stream = `vm-${vmId}`;
    await h.record(stream, [
      vmCreated(vmId, 'root-2'),
      { type: 'VmStartRequested', data: { ...vmRef(vmId), ...place, size } },
      { type: 'VmStarted', data: usage(vmId, 'host-1') },
    ]);
    await h.settle();
    expect(await h.row('vms', vmId)).toMatchObject({
      state: 'Running',
      host_id: 'host-1',
      cluster_id: 'cluster-1',
      pod_id: 'pod-1',
    });

    await h.record(stream, [
      { type: 'VmStopRequested', data: { ...vmRef(vmId), hostId: 'host-1', forced: false } },
      { type: 'VmStopped', data: usage(vmId, 'host-1') },
    ]);
    await h.settle();
    expect(await h.row('vms', vmId)).toMatchObject({
      state: 'Stopped',
      host_id: null,
      last_host_id: 'host-1',
    });
  });

  it('keeps a destroyed VM visible and stamps an expunged one removed', async () => {
    const vmId = newId();
    await h.record(`vm-${vmId}`, [
      vmCreated(vmId, 'root-3'),
      {
        type: 'VmDestroyed',
        data: { ...usage(vmId, null), expunge: false, rootVolumeId: 'root-3', dataVolumeIdsToDelete: [] },
      },
    ]);
    await h.settle();
    expect(await h.row('vms', vmId)).toMatchObject({ state: 'Destroyed', removed_at: null });
    await h.record(`vm-${vmId}`, [
      { type: 'VmExpungeStarted', data: vmRef(vmId) },
      { type: 'VmExpunged', data: vmRef(vmId) },
    ]);
    await h.settle();
    expect(await h.row('vms', vmId)).toMatchObject({ state: 'Expunged', removed_at: expect.any(String) });
  });
});

const volumeFacts = (volumeId: string, sizeBytes = 1000) => ({
  volumeId,
  type: 'DATADISK' as const,
  ...owner,
  zoneId: 'zone-1',
  diskOfferingId: 'disk-1',
  sizeBytes,
});

describe('volumes', () => {
  it('records a data volume created on a pool, attached to a VM, then resized', async () => {
    const volumeId = newId();
    await h.record(`volume-${volumeId}`, [
      {
        type: 'VolumeAllocated',
        data: { ...volumeFacts(volumeId), name: 'data-1', fromSnapshotId: null, createdAt: at },
      },
      { type: 'VolumePlaced', data: { ...volumeFacts(volumeId), poolId: 'pool-1' } },
      { type: 'VolumeCreated', data: { ...volumeFacts(volumeId), poolId: 'pool-1' } },
      { type: 'VolumeAttached', data: { ...volumeFacts(volumeId), vmId: 'vm-1', deviceId: 1 } },
      {
        type: 'VolumeResizeStarted',
        data: { ...volumeFacts(volumeId), newSizeBytes: 2000, newDiskOfferingId: null },
      },
    ]);
    await h.settle();
    expect(await h.row('volumes', volumeId)).toMatchObject({
      state: 'Resizing',
      pool_id: 'pool-1',
      vm_id: 'vm-1',
      device_id: 1,
      pending_operation: 'resize',
      size_bytes: 1000,
    });
    await h.record(`volume-${volumeId}`, [
      { type: 'VolumeResizeCompleted', data: { ...volumeFacts(volumeId, 2000), previousSizeBytes: 1000 } },
      { type: 'VolumeDetached', data: { ...volumeFacts(volumeId, 2000), vmId: 'vm-1', deviceId: 1 } },
    ]);
    await h.settle();
    expect(await h.row('volumes', volumeId)).toMatchObject({
      state: 'Ready',
      vm_id: null,
      device_id: null,
      size_bytes: 2000,
      pending_operation: null,
    });
  });
});

const snapshotFacts = (snapshotId: string, physicalSizeBytes: number | null) => ({
  snapshotId,
  volumeId: 'volume-1',
  ...owner,
  zoneId: 'zone-1',
  snapshotType: 'MANUAL' as const,
  policyId: null,
  volumeSizeBytes: 1000,
  physicalSizeBytes,
});

describe('snapshots', () => {
  it('follows a snapshot from allocation to backed up, with its physical size', async () => {
    const snapshotId = newId();
    await h.record(`snapshot-${snapshotId}`, [
      {
        type: 'SnapshotAllocated',
        data: { ...snapshotFacts(snapshotId, null), name: 'snap-1', hypervisor: 'KVM', createdAt: at },
      },
      { type: 'SnapshotCreationStarted', data: snapshotFacts(snapshotId, null) },
      { type: 'SnapshotCreatedOnPrimary', data: snapshotFacts(snapshotId, null) },
    ]);
    await h.settle();
    expect(await h.row('snapshots', snapshotId)).toMatchObject({
      state: 'CreatedOnPrimary',
      physical_size_bytes: null,
    });
    await h.record(`snapshot-${snapshotId}`, [
      { type: 'SnapshotBackupStarted', data: snapshotFacts(snapshotId, null) },
      { type: 'SnapshotBackedUp', data: snapshotFacts(snapshotId, 600) },
    ]);
    await h.settle();
    expect(await h.row('snapshots', snapshotId)).toMatchObject({
      state: 'BackedUp',
      physical_size_bytes: 600,
      zone_ids: ['zone-1'],
      volume_id: 'volume-1',
    });
  });
});

describe('snapshot policies', () => {
  it('records one row per policy of a volume, updated and deleted', async () => {
    const volumeId = newId();
    const daily = newId();
    const hourly = newId();
    const settings = (policyId: string, intervalType: 'DAILY' | 'HOURLY', maxSnaps: number) => ({
      policyId,
      volumeId,
      intervalType,
      ...owner,
      schedule: intervalType === 'DAILY' ? '30:02' : '15',
      timezone: 'Europe/Berlin',
      maxSnaps,
      forDisplay: true,
      nextRunAt: '2025-03-02T01:30:00.000Z',
    });
    await h.record(`snapshotpolicy-${volumeId}`, [
      { type: 'SnapshotPolicyCreated', data: settings(daily, 'DAILY', 7) },
      { type: 'SnapshotPolicyCreated', data: settings(hourly, 'HOURLY', 24) },
      { type: 'SnapshotPolicyUpdated', data: settings(daily, 'DAILY', 3) },
      { type: 'SnapshotPolicyDeleted', data: { policyId: hourly, volumeId, intervalType: 'HOURLY' } },
    ]);
    await h.settle();
    expect(await h.row('snapshot_policies', daily)).toMatchObject({
      max_snaps: 3,
      interval_type: 'DAILY',
      removed_at: null,
    });
    expect(await h.row('snapshot_policies', hourly)).toMatchObject({
      max_snaps: 24,
      removed_at: expect.any(String),
    });
  });
});

describe('jobs', () => {
  const submitted = (jobId: string) => ({
    type: 'JobSubmitted' as const,
    data: {
      jobId,
      command: 'DeployVm',
      resourceType: 'VirtualMachine',
      resourceId: 'vm-9',
      params: { name: 'web' },
      ...owner,
      userId: 'user-1',
      submittedAt: at,
    },
  });

  it('records a pending job, then its result', async () => {
    const jobId = newId();
    await h.record(`job-${jobId}`, [submitted(jobId)]);
    await h.settle();
    expect(await h.row('jobs', jobId)).toMatchObject({
      state: 'pending',
      command: 'DeployVm',
      finished_at: null,
    });
    await h.record(`job-${jobId}`, [
      {
        type: 'JobSucceeded',
        data: { jobId, result: { vmId: 'vm-9' }, finishedAt: '2025-03-01T10:00:05.000Z' },
      },
    ]);
    await h.settle();
    expect(await h.row('jobs', jobId)).toMatchObject({
      state: 'succeeded',
      result: { vmId: 'vm-9' },
      finished_at: '2025-03-01T10:00:05+00:00',
    });
  });

  it('records a failed job with its CloudStack error code', async () => {
    const jobId = newId();
    await h.record(`job-${jobId}`, [
      submitted(jobId),
      { type: 'JobFailed', data: { jobId, errorCode: 533, errorText: 'no capacity', finishedAt: at } },
    ]);
    await h.settle();
    expect(await h.row('jobs', jobId)).toMatchObject({
      state: 'failed',
      error_code: 533,
      error_text: 'no capacity',
    });
  });
});
