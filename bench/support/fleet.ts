import { randomUUID } from 'node:crypto';
import type { Event } from '../../src/domain/shared/index.ts';
import type { SeedRow } from './insertEvents.ts';

/** When every seeded event happened. */
export const seededAt = '2025-01-01T00:00:00.000Z';

export type Host = { readonly hostId: string; readonly podId: string; readonly clusterId: string };
export type Owner = { readonly accountId: string; readonly tenantDomainId: string };
export type Size = { readonly cpuNumber: number; readonly cpuSpeedMhz: number; readonly memoryMiB: number };

/** `zones` zones of `hostsPerZone` hosts each (every host in a pod and cluster of its own). */
export const fleetOf = (zoneCount: number, hostsPerZone: number) => {
  const zones = Array.from({ length: zoneCount }, () => randomUUID());
  const hostsOf: Host[][] = zones.map(() =>
    Array.from({ length: hostsPerZone }, () => ({
      hostId: randomUUID(),
      podId: randomUUID(),
      clusterId: randomUUID(),
    })),
  );
  return { zones, hostsOf };
};

/**
 * A VM of the benches' fleets, placed on a random host of a random zone for a random owner: its
 * ids, the facts its events carry, its creation and its start; each bench writes the rest of its life.
 */
export const seedVm = (
  i: number,
  pick: <T>(xs: readonly T[]) => T,
  fleet: { readonly zones: readonly string[]; readonly hostsOf: readonly Host[][] },
  owners: readonly Owner[],
  size: Size,
) => {
  const vmId = randomUUID();
  const owner = pick(owners);
  const zoneId = pick(fleet.zones);
  const host = pick(fleet.hostsOf[fleet.zones.indexOf(zoneId)]!);
  const ref = { vmId, ...owner, zoneId };
  const usage = (hostId: string | null) => ({
    ...ref,
    name: `vm-${String(i).padStart(7, '0')}`,
    serviceOfferingId: 'offering-small',
    image: { kind: 'template' as const, templateId: 'template-ubuntu' },
    size,
    hypervisor: 'KVM' as const,
    hostId,
  });
  const created: Event = {
    type: 'VmCreated',
    data: {
      ...usage(null),
      displayName: `web ${i}`,
      userId: 'user-1',
      rootVolumeId: randomUUID(),
      group: null,
      haEnabled: false,
      templateDynamicallyScalable: false,
      dynamicScalingEnabled: false,
      startVm: true,
      createdAt: seededAt,
    },
  };
  const start: Event[] = [
    {
      type: 'VmStartRequested',
      data: { ...ref, hostId: host.hostId, podId: host.podId, clusterId: host.clusterId, size },
    },
    { type: 'VmStarted', data: usage(host.hostId) },
  ];
  /** The VM's events as rows of its stream, revisions from 0. */
  const rows = (events: readonly Event[]): SeedRow[] =>
    events.map((event, revision) => ({ stream: `vm-${vmId}`, revision, event }));
  return { vmId, ref, host, usage, created, start, rows };
};
