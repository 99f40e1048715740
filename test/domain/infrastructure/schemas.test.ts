import { describe, expect, it } from 'vitest';
import { clusterDecider, clusterEventSchemas } from '../../../src/domain/cluster/index.ts';
import { hostDecider, hostEventSchemas } from '../../../src/domain/host/index.ts';
import { imageStoreDecider, imageStoreEventSchemas } from '../../../src/domain/imageStore/index.ts';
import { podDecider, podEventSchemas } from '../../../src/domain/pod/index.ts';
import type { Command, Decider, Event, EventSchemas } from '../../../src/domain/shared/index.ts';
import { storagePoolDecider, storagePoolEventSchemas } from '../../../src/domain/storagePool/index.ts';
import { zoneDecider, zoneEventSchemas } from '../../../src/domain/zone/index.ts';
import {
  addHost,
  clusterId,
  createCluster,
  createPod,
  createPool,
  createZone,
  GiB,
  hostId,
  imageStoreId,
  later,
  muchLater,
  now,
  podId,
  poolId,
  vmA,
  vmB,
  volumeA,
  volumeB,
  zoneId,
} from './fixtures.ts';

/** Runs commands through decide and evolve, as the command side does, and returns every event. */
const run = <C extends Command, S, E extends Event>(
  decider: Decider<C, S, E>,
  commands: readonly C[],
): E[] => {
  let state = decider.initialState();
  const events: E[] = [];
  for (const command of commands) {
    const produced = decider.decide(command, state);
    state = produced.reduce(decider.evolve, state);
    events.push(...produced);
  }
  return events;
};

/** Every event type of the aggregate is produced by a real lifecycle and matches its zod schema. */
const expectConforming = (schemas: EventSchemas, events: readonly Event[]): void => {
  for (const event of events) {
    const entry = schemas[event.type];
    expect(entry, event.type).toBeDefined();
    expect(() => entry?.schema.parse(event.data), event.type).not.toThrow();
  }
  expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.keys(schemas)));
};

describe('event schemas', () => {
  it('zone events match their schemas', () =>
    expectConforming(
      zoneEventSchemas,
      run(zoneDecider, [
        createZone({ name: 'z', localStorageEnabled: true }),
        { type: 'UpdateZone', data: { zoneId, dns2: '1.1.1.1' } },
        { type: 'EnableZone', data: { zoneId } },
        { type: 'DisableZone', data: { zoneId } },
        { type: 'DeleteZone', data: { zoneId, podCount: 0 } },
      ]),
    ));

  it('pod events match their schemas', () =>
    expectConforming(
      podEventSchemas,
      run(podDecider, [
        createPod({ name: 'p', gateway: '10.0.0.1', startIp: '10.0.0.10', endIp: '10.0.0.20' }),
        { type: 'UpdatePod', data: { podId, name: 'p2' } },
        { type: 'EnablePod', data: { podId } },
        { type: 'DisablePod', data: { podId } },
        { type: 'DeletePod', data: { podId, clusterCount: 0 } },
      ]),
    ));

  it('cluster events match their schemas', () =>
    expectConforming(
      clusterEventSchemas,
      run(clusterDecider, [
        createCluster({ name: 'c' }),
        { type: 'RenameCluster', data: { clusterId, name: 'c2' } },
        { type: 'UpdateClusterOverprovisioning', data: { clusterId, cpuOverprovisioning: 2 } },
        { type: 'EnableCluster', data: { clusterId } },
        { type: 'DisableCluster', data: { clusterId } },
        { type: 'DeleteCluster', data: { clusterId, hostCount: 0 } },
      ]),
    ));

  it('host events match their schemas', () => {
    const noVms = {
      clusterHostsPreparing: 0,
      vmsStarting: 0,
      vmsStopping: 0,
      vmsInError: 0,
      vmsMigratingIn: 0,
    };
    const size = { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 };
    expectConforming(
      hostEventSchemas,
      run(hostDecider, [
        addHost({ name: 'h', cpuCores: 8, memoryMiB: 16384, tags: ['ssd'] }),
        { type: 'RecordHostStatusEvent', data: { hostId, event: 'AgentConnected' } },
        { type: 'RecordHostStatusEvent', data: { hostId, event: 'Ready' } },
        { type: 'UpdateHostTags', data: { hostId, tags: ['gpu'] } },
        {
          type: 'UpdateHostOverprovisioning',
          data: { hostId, cpuOverprovisioning: 2, memoryOverprovisioning: 1 },
        },
        {
          type: 'ReserveHostCapacity',
          data: { hostId, reservationId: 'r1', vmId: vmA, ...size, now, expiresAt: later },
        },
        { type: 'CommitHostCapacity', data: { hostId, reservationId: 'r1' } },
        { type: 'KeepHostCapacityForStoppedVm', data: { hostId, vmId: vmA, now, keepUntil: muchLater } },
        {
          type: 'ReserveHostCapacity',
          data: { hostId, reservationId: 'r2', vmId: vmB, ...size, now, expiresAt: later },
        },
        { type: 'ReleaseHostCapacity', data: { hostId, reservationId: 'r2' } },
        { type: 'PrepareHostForMaintenance', data: { hostId, ...noVms } },
        { type: 'CompleteHostMaintenance', data: { hostId } },
        { type: 'RemoveHost', data: { hostId } },
      ]),
    );
  });

  it('storage pool events match their schemas', () =>
    expectConforming(
      storagePoolEventSchemas,
      run(storagePoolDecider, [
        createPool({ name: 'p' }),
        { type: 'UpdateStoragePool', data: { poolId, tags: ['gold'] } },
        {
          type: 'ReserveStorage',
          data: { poolId, reservationId: 's1', volumeId: volumeA, sizeBytes: GiB, now, expiresAt: later },
        },
        { type: 'CommitStorage', data: { poolId, reservationId: 's1' } },
        {
          type: 'ReserveStorage',
          data: { poolId, reservationId: 's2', volumeId: volumeB, sizeBytes: GiB, now, expiresAt: later },
        },
        { type: 'ExpireStorageReservations', data: { poolId, now: later } },
        { type: 'ReleaseStorage', data: { poolId, volumeId: volumeA } },
        { type: 'DisableStoragePool', data: { poolId } },
        { type: 'ChangeStoragePoolScope', data: { poolId, scope: 'Zone', podId: null, clusterId: null } },
        { type: 'DeleteStoragePool', data: { poolId } },
      ]),
    ));

  it('image store events match their schemas', () =>
    expectConforming(
      imageStoreEventSchemas,
      run(imageStoreDecider, [
        {
          type: 'AddImageStore',
          data: { imageStoreId, zoneId, name: 's', provider: 'NFS', url: 'nfs://nfs/export' },
        },
        { type: 'SetImageStoreReadOnly', data: { imageStoreId, readOnly: true } },
        { type: 'DeleteImageStore', data: { imageStoreId, storedObjectCount: 0 } },
      ]),
    ));
});
