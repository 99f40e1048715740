import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../src/domain/host/index.ts';
import type { VmState } from '../../../src/domain/vm/index.ts';
import { stateAsOf, timeline } from '../../../src/projections/history.ts';
import { auditLog } from '../../../src/projections/readModels/index.ts';
import { type Harness, newId, startHarness } from '../readModels/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([auditLog]);
});
afterAll(() => h.close());

const at = '2025-03-01T10:00:00.000Z';
const pause = () => new Promise((r) => setTimeout(r, 30));
const owner = { accountId: newId(), tenantDomainId: newId() };
const place = { hostId: newId(), zoneId: newId(), podId: newId(), clusterId: newId() };
const vmId = newId();
const ref = { vmId, ...owner, zoneId: place.zoneId };
const size = { cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 1024 };
const usage = (hostId: string | null) => ({
  ...ref,
  name: 'app',
  serviceOfferingId: 'o',
  image: { kind: 'template' as const, templateId: 't' },
  size,
  hypervisor: 'KVM' as const,
  hostId,
});
const reservationId = newId();
const reservation = { ...place, reservationId, vmId, ...size };

/** Recorded times of the events of a stream, in revision order. */
const times = async (stream: string) => (await h.store.readStream(stream)).map((e) => e.createdAt);

beforeAll(async () => {
  await h.record(`host-${place.hostId}`, [
    {
      type: 'HostAdded',
      data: {
        ...place,
        name: 'h',
        hypervisor: 'KVM',
        cpuCores: 8,
        cpuSpeedMhz: 2000,
        memoryMiB: 8192,
        cpuOverprovisioning: 1,
        memoryOverprovisioning: 1,
        tags: [],
        status: 'Up',
        resourceState: 'Enabled',
      },
    },
  ]);
  await h.record(`vm-${vmId}`, [
    {
      type: 'VmCreated',
      data: {
        ...usage(null),
        displayName: 'app',
        userId: 'u',
        rootVolumeId: 'r',
        group: null,
        haEnabled: false,
        templateDynamicallyScalable: false,
        dynamicScalingEnabled: false,
        startVm: true,
        createdAt: at,
      },
    },
  ]);
  await pause();
  await h.record(`host-${place.hostId}`, [
    {
      type: 'HostCapacityReserved',
      data: { ...reservation, reservedAt: at, expiresAt: '2025-03-01T11:00:00.000Z' },
    },
  ]);
  await h.record(`vm-${vmId}`, [
    {
      type: 'VmStartRequested',
      data: { ...ref, hostId: place.hostId, podId: place.podId, clusterId: place.clusterId, size },
    },
  ]);
  await pause();
  await h.record(`host-${place.hostId}`, [{ type: 'HostCapacityCommitted', data: reservation }]);
  await h.record(`vm-${vmId}`, [{ type: 'VmStarted', data: usage(place.hostId) }]);
  await pause();
  await h.record(`vm-${vmId}`, [
    { type: 'VmStopRequested', data: { ...ref, hostId: place.hostId, forced: false } },
    { type: 'VmStopped', data: usage(place.hostId) },
  ]);
  await h.settle();
});

describe('state as of an instant', () => {
  it('folds a VM stream up to each instant', async () => {
    const [created, startRequested, started, , stopped] = await times(`vm-${vmId}`);
    const status = async (instant: Date) =>
      (await stateAsOf<VmState>(h.store, 'vm', vmId, instant)).state.status;
    expect(await status(new Date(created!.getTime() - 1))).toBe('Initial');
    expect(await status(created!)).toBe('Stopped');
    expect(await status(startRequested!)).toBe('Starting');
    expect(await status(started!)).toBe('Running');
    expect(await status(stopped!)).toBe('Stopped');
    expect(await stateAsOf(h.store, 'vm', vmId, started!)).toMatchObject({
      revision: 2n,
      events: 3,
      at: started,
    });
  });

  it("folds a host's capacity ledger up to each instant", async () => {
    const [added, reserved, committed] = await times(`host-${place.hostId}`);
    const hostAt = async (instant: Date) =>
      (await stateAsOf<Host>(h.store, 'host', place.hostId, instant)).state;
    expect((await hostAt(added!)).load.usedCpuMhz).toBe(0);
    expect((await hostAt(reserved!)).reservations[reservationId]?.status).toBe('Pending');
    expect((await hostAt(committed!)).reservations[reservationId]?.status).toBe('Used');
    expect((await hostAt(committed!)).load.usedCpuMhz).toBe(2000);
  });

  it('answers the initial state for a stream that does not exist, and refuses a non-instant', async () => {
    expect(await stateAsOf(h.store, 'host', newId(), new Date())).toEqual({
      state: null,
      revision: null,
      at: null,
      events: 0,
    });
    await expect(stateAsOf(h.store, 'vm', vmId, 'yesterday')).rejects.toBeInstanceOf(RangeError);
  });
});

describe('timeline', () => {
  it("lists a VM's events in order, with the host events that name it", async () => {
    const entries = await timeline(h.db.pool, vmId);
    expect(entries.map((e) => [e.type, e.resourceType])).toEqual([
      ['VM.CREATE', 'VirtualMachine'],
      ['HOST.CAPACITY.RESERVE', 'Host'],
      ['VM.START', 'VirtualMachine'],
      ['HOST.CAPACITY.COMMIT', 'Host'],
      ['VM.START', 'VirtualMachine'],
      ['VM.STOP', 'VirtualMachine'],
      ['VM.STOP', 'VirtualMachine'],
    ]);
    expect(entries[0]).toMatchObject({ eventType: 'VmCreated', accountId: owner.accountId, level: 'INFO' });
  });

  it("lists only the resource's own events without mentions", async () => {
    const own = await timeline(h.db.pool, place.hostId, { includeMentions: false });
    expect(own.map((e) => e.eventType)).toEqual([
      'HostAdded',
      'HostCapacityReserved',
      'HostCapacityCommitted',
    ]);
  });
});
