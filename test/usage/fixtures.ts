import type { Event } from '../../src/domain/shared/index.ts';
import {
  insertMark,
  intervalsOf,
  meterEvent,
  type StampedMark,
  type UsageInterval,
  usageResourceKey,
} from '../../src/domain/usage/index.ts';

/** Builders of valid usage-relevant events (each passes its schema in src/domain/events.ts). */
export const owner = { accountId: 'acct-1', tenantDomainId: 'dom-1' };
export const zoneId = 'zone-1';

export type VmSize = { cpuNumber: number; cpuSpeedMhz: number; memoryMiB: number };
export type VmFacts = {
  vmId: string;
  offering: string;
  size: VmSize;
  templateId: string;
  accountId?: string;
};

const vmUsage = (f: VmFacts, hostId: string | null = null) => ({
  vmId: f.vmId,
  accountId: f.accountId ?? owner.accountId,
  tenantDomainId: owner.tenantDomainId,
  zoneId,
  name: `vm-${f.vmId}`,
  serviceOfferingId: f.offering,
  image: { kind: 'template' as const, templateId: f.templateId },
  size: f.size,
  hypervisor: 'KVM' as const,
  hostId,
});

const iso = (t: number) => new Date(t).toISOString();

export const vmEvents = {
  created: (f: VmFacts, at: number): Event => ({
    type: 'VmCreated',
    data: {
      ...vmUsage(f),
      displayName: `vm-${f.vmId}`,
      userId: 'user-1',
      rootVolumeId: `root-${f.vmId}`,
      group: null,
      haEnabled: false,
      templateDynamicallyScalable: true,
      dynamicScalingEnabled: true,
      startVm: false,
      createdAt: iso(at),
    },
  }),
  started: (f: VmFacts): Event => ({ type: 'VmStarted', data: vmUsage(f, 'host-1') }),
  powerOn: (f: VmFacts): Event => ({
    type: 'VmPowerOnReported',
    data: { ...vmUsage(f, 'host-1'), hostId: 'host-1', podId: 'pod-1', clusterId: 'cluster-1' },
  }),
  stopped: (f: VmFacts): Event => ({ type: 'VmStopped', data: vmUsage(f, 'host-1') }),
  powerOff: (f: VmFacts): Event => ({ type: 'VmPowerOffReported', data: vmUsage(f, 'host-1') }),
  hostFailure: (f: VmFacts): Event => ({
    type: 'VmStoppedByHostFailure',
    data: { ...vmUsage(f, 'host-1'), hostId: 'host-1', reason: 'host down', haEnabled: false },
  }),
  scaled: (f: VmFacts, previous: VmFacts): Event => ({
    type: 'VmScaled',
    data: {
      ...vmUsage(f, 'host-1'),
      previousServiceOfferingId: previous.offering,
      previousSize: previous.size,
    },
  }),
  offeringChanged: (f: VmFacts, previous: VmFacts): Event => ({
    type: 'VmServiceOfferingChanged',
    data: { ...vmUsage(f), previousServiceOfferingId: previous.offering, previousSize: previous.size },
  }),
  restored: (f: VmFacts, previous: VmFacts): Event => ({
    type: 'VmRestored',
    data: {
      ...vmUsage(f),
      previousImage: { kind: 'template', templateId: previous.templateId },
      previousRootVolumeId: `root-${f.vmId}`,
      rootVolumeId: `root-${f.vmId}`,
      templateDynamicallyScalable: true,
    },
  }),
  destroyed: (f: VmFacts): Event => ({
    type: 'VmDestroyed',
    data: { ...vmUsage(f), expunge: false, rootVolumeId: `root-${f.vmId}`, dataVolumeIdsToDelete: [] },
  }),
  recovered: (f: VmFacts): Event => ({ type: 'VmRecovered', data: vmUsage(f) }),
};

export type VolumeFacts = { volumeId: string; sizeBytes: number; diskOfferingId: string | null };

const volumeBase = (f: VolumeFacts) => ({
  volumeId: f.volumeId,
  type: 'DATADISK' as const,
  ...owner,
  zoneId,
  diskOfferingId: f.diskOfferingId,
  sizeBytes: f.sizeBytes,
});

export const volumeEvents = {
  allocated: (f: VolumeFacts, at: number): Event => ({
    type: 'VolumeAllocated',
    data: { ...volumeBase(f), name: `vol-${f.volumeId}`, fromSnapshotId: null, createdAt: iso(at) },
  }),
  resized: (f: VolumeFacts, previousSizeBytes: number): Event => ({
    type: 'VolumeResized',
    data: { ...volumeBase(f), previousSizeBytes },
  }),
  resizeCompleted: (f: VolumeFacts, previousSizeBytes: number): Event => ({
    type: 'VolumeResizeCompleted',
    data: { ...volumeBase(f), previousSizeBytes },
  }),
  attached: (f: VolumeFacts): Event => ({
    type: 'VolumeAttached',
    data: { ...volumeBase(f), vmId: 'vm-x', deviceId: 1 },
  }),
  destroyed: (f: VolumeFacts, at: number): Event => ({
    type: 'VolumeDestroyed',
    data: { ...volumeBase(f), destroyedAt: iso(at) },
  }),
  recovered: (f: VolumeFacts): Event => ({ type: 'VolumeRecovered', data: volumeBase(f) }),
  expunged: (f: VolumeFacts): Event => ({ type: 'VolumeExpunged', data: volumeBase(f) }),
};

export type SnapshotFacts = { snapshotId: string; volumeSizeBytes: number; physicalSizeBytes: number | null };

const snapshotBase = (f: SnapshotFacts) => ({
  snapshotId: f.snapshotId,
  volumeId: 'vol-s',
  ...owner,
  zoneId,
  snapshotType: 'MANUAL' as const,
  policyId: null,
  volumeSizeBytes: f.volumeSizeBytes,
  physicalSizeBytes: f.physicalSizeBytes,
});

export const snapshotEvents = {
  allocated: (f: SnapshotFacts, at: number): Event => ({
    type: 'SnapshotAllocated',
    data: {
      ...snapshotBase({ ...f, physicalSizeBytes: null }),
      name: `snap-${f.snapshotId}`,
      hypervisor: 'KVM',
      createdAt: iso(at),
    },
  }),
  backedUp: (f: SnapshotFacts): Event => ({ type: 'SnapshotBackedUp', data: snapshotBase(f) }),
  copied: (f: SnapshotFacts, toZoneId: string): Event => ({
    type: 'SnapshotCopied',
    data: { ...snapshotBase(f), toZoneId },
  }),
  destroyed: (f: SnapshotFacts): Event => ({ type: 'SnapshotDestroyed', data: snapshotBase(f) }),
};

/** An event at an instant: what the store records (its time) for the meter. */
export type Timed = { readonly event: Event; readonly at: number };

/**
 * The intervals of timed events, per resource, as the projection computes them: marks inserted in
 * `order` (default: as given), each stamped with its event's time and its index as position.
 */
export const meter = (timed: readonly Timed[], order?: readonly number[]): UsageInterval[] => {
  const marks = new Map<
    string,
    { resource: { kind: 'vm' | 'volume' | 'snapshot' | 'image'; id: string }; marks: StampedMark[] }
  >();
  for (const index of order ?? timed.map((_, i) => i)) {
    const { event, at } = timed[index]!;
    const metered = meterEvent(event);
    if (!metered) continue;
    const key = usageResourceKey(metered.resource);
    const entry = marks.get(key) ?? { resource: metered.resource, marks: [] };
    for (const m of metered.marks)
      entry.marks = insertMark(entry.marks, { ...m, at, seq: String(index).padStart(8, '0') });
    marks.set(key, entry);
  }
  return [...marks.values()].flatMap((e) => intervalsOf(e.resource, e.marks));
};

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const GIB = 1024 ** 3;
