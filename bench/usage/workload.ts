import type { Event } from '../../src/domain/shared/index.ts';
import { localMonth } from '../../src/domain/usage/index.ts';

/**
 * A month of a cloud's history, seeded: `vms` VMs across `accounts` accounts, each with a root
 * volume, half with a data disk resized mid-month, snapshots backed up (some copied, some deleted),
 * VMs stopped and started again every few days, some resized or destroyed. Every event is one the
 * aggregates record, with the store's time it would get.
 */
export type Timed = { readonly event: Event; readonly at: number; readonly seq: string };

export type Workload = {
  readonly events: readonly Timed[];
  readonly month: { readonly start: number; readonly end: number };
  readonly accounts: readonly string[];
};

const HOUR = 3_600_000;
const GIB = 1024 ** 3;

/** mulberry32: a small seeded generator, so every run meters the same history. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const offerings = [
  { id: 'so-small', size: { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 } },
  { id: 'so-medium', size: { cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 } },
  { id: 'so-large', size: { cpuNumber: 8, cpuSpeedMhz: 2400, memoryMiB: 16384 } },
];

export const generateWorkload = ({
  vms,
  accounts: accountCount,
  month,
  timeZone,
  seed = 42,
}: {
  vms: number;
  accounts: number;
  month: string;
  timeZone: string;
  seed?: number;
}): Workload => {
  const random = seeded(seed);
  const range = localMonth(timeZone, month);
  const accounts = Array.from({ length: accountCount }, (_, i) => `acct-${i}`);
  const events: Omit<Timed, 'seq'>[] = [];
  const within = (t: number) => Math.min(range.end - 1, t);
  for (let v = 0; v < vms; v++) {
    const accountId = accounts[v % accountCount]!;
    const owner = { accountId, tenantDomainId: `dom-${v % 10}` };
    const vmId = `vm-${v}`;
    let offering = offerings[v % 3]!;
    const usage = () => ({
      vmId,
      ...owner,
      zoneId: `zone-${v % 2}`,
      name: vmId,
      serviceOfferingId: offering.id,
      image: { kind: 'template' as const, templateId: 'tpl-1' },
      size: offering.size,
      hypervisor: 'KVM' as const,
      hostId: 'host-1',
    });
    // Most VMs exist before the month; a quarter are created during it.
    let t = v % 4 === 0 ? range.start + Math.floor(random() * 10 * 24 * HOUR) : range.start - 5 * 24 * HOUR;
    const vol = (volumeId: string, type: 'ROOT' | 'DATADISK', sizeBytes: number) => ({
      volumeId,
      type,
      ...owner,
      zoneId: `zone-${v % 2}`,
      diskOfferingId: type === 'ROOT' ? null : 'do-1',
      sizeBytes,
    });
    events.push({
      at: t,
      event: {
        type: 'VmCreated',
        data: {
          ...usage(),
          hostId: null,
          displayName: vmId,
          userId: 'user-1',
          rootVolumeId: `root-${v}`,
          group: null,
          haEnabled: false,
          templateDynamicallyScalable: true,
          dynamicScalingEnabled: true,
          startVm: true,
          createdAt: new Date(t).toISOString(),
        },
      },
    });
    events.push({
      at: t,
      event: {
        type: 'RootVolumeAllocated',
        data: {
          ...vol(`root-${v}`, 'ROOT', 20 * GIB),
          name: `ROOT-${v}`,
          vmId,
          deviceId: 0,
          templateId: 'tpl-1',
          createdAt: new Date(t).toISOString(),
        },
      },
    });
    if (v % 2 === 0) {
      const size = (10 + Math.floor(random() * 90)) * GIB;
      events.push({
        at: t + 1000,
        event: {
          type: 'VolumeAllocated',
          data: {
            ...vol(`data-${v}`, 'DATADISK', size),
            name: `DATA-${v}`,
            fromSnapshotId: null,
            createdAt: new Date(t).toISOString(),
          },
        },
      });
      const resizeAt = within(range.start + 15 * 24 * HOUR + Math.floor(random() * 24 * HOUR));
      if (resizeAt > t)
        events.push({
          at: resizeAt,
          event: {
            type: 'VolumeResizeCompleted',
            data: { ...vol(`data-${v}`, 'DATADISK', size * 2), previousSizeBytes: size },
          },
        });
    }
    // Running most of the time: stopped for a few hours every few days; one in ten resized mid-month.
    let running = false;
    while (t < range.end) {
      t += 1000 + Math.floor(random() * HOUR);
      if (t >= range.end) break;
      events.push({ at: t, event: { type: 'VmStarted', data: usage() } });
      running = true;
      t += Math.floor((1 + random() * 4) * 24 * HOUR);
      if (
        v % 10 === 0 &&
        offering === offerings[v % 3] &&
        t > range.start + 12 * 24 * HOUR &&
        t < range.end
      ) {
        const previous = offering;
        offering = offerings[(v + 1) % 3]!;
        events.push({
          at: t,
          event: {
            type: 'VmScaled',
            data: { ...usage(), previousServiceOfferingId: previous.id, previousSize: previous.size },
          },
        });
        t += Math.floor(random() * 24 * HOUR);
      }
      if (t >= range.end) break;
      events.push({ at: t, event: { type: 'VmStopped', data: usage() } });
      running = false;
      t += Math.floor(random() * 6 * HOUR);
    }
    // Snapshots of the root volume: three a month, one copied to the other zone, one deleted.
    for (let s = 0; s < 3; s++) {
      const snapshotId = `snap-${v}-${s}`;
      const at = range.start + Math.floor((s * 10 + random() * 9) * 24 * HOUR);
      const facts = {
        snapshotId,
        volumeId: `root-${v}`,
        ...owner,
        zoneId: `zone-${v % 2}`,
        snapshotType: 'MANUAL' as const,
        policyId: null,
        volumeSizeBytes: 20 * GIB,
        physicalSizeBytes: (2 + Math.floor(random() * 8)) * GIB,
      };
      events.push({
        at,
        event: {
          type: 'SnapshotAllocated',
          data: {
            ...facts,
            physicalSizeBytes: null,
            name: snapshotId,
            hypervisor: 'KVM',
            createdAt: new Date(at).toISOString(),
          },
        },
      });
      events.push({ at: at + 60_000, event: { type: 'SnapshotBackedUp', data: facts } });
      if (s === 0)
        events.push({
          at: at + 2 * HOUR,
          event: { type: 'SnapshotCopied', data: { ...facts, toZoneId: `zone-${(v + 1) % 2}` } },
        });
      if (s === 1)
        events.push({ at: within(at + 5 * 24 * HOUR), event: { type: 'SnapshotDestroyed', data: facts } });
    }
    if (v % 50 === 0 && !running)
      events.push({
        at: within(t),
        event: {
          type: 'VmDestroyed',
          data: {
            ...usage(),
            hostId: null,
            expunge: false,
            rootVolumeId: `root-${v}`,
            dataVolumeIdsToDelete: [],
          },
        },
      });
  }
  events.sort((a, b) => a.at - b.at);
  return {
    events: events.map((e, i) => ({ ...e, seq: String(i).padStart(10, '0') })),
    month: range,
    accounts,
  };
};
