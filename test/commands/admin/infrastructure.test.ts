import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import {
  addHost,
  addImageStore,
  createCluster,
  createPod,
  createStoragePool,
  createZone,
  deleteCluster,
  deleteHost,
  deleteImageStore,
  deletePod,
  deleteStoragePool,
  deleteZone,
  setZoneEnabled,
  updateCluster,
  updateHost,
  updateZone,
} from '../../../src/commands/admin/infrastructure/index.ts';
import { waitVisible } from '../../../src/commands/admin/links.ts';
import { as, callerOf, closeWorld, eventsOf, openWorld, refusal, rootAdmin, type World } from './support.ts';

let w: World;
beforeEach(async () => {
  w = await openWorld();
});
afterEach(() => closeWorld(w));

const zoneInput = {
  name: 'zone-1',
  networkType: 'Advanced' as const,
  dns1: '8.8.8.8',
  internalDns1: '10.0.0.2',
  guestCidr: '10.1.1.0/24',
  localStorageEnabled: true,
};
const podNetwork = {
  gateway: '192.168.1.1',
  netmask: '255.255.255.0',
  startIp: '192.168.1.10',
  endIp: '192.168.1.200',
};

/** An admin builds zone → pod → cluster → two hosts → a cluster pool, a zone pool → an image store. */
const buildCloud = async (simulator?: SimulatorDriver) => {
  const deps = { bus: w.bus, ...(simulator && { simulator }) };
  const { zoneId } = await createZone(deps, as(rootAdmin), zoneInput);
  const { podId } = await createPod(deps, as(rootAdmin), { zoneId, name: 'pod-1', ...podNetwork });
  const { clusterId } = await createCluster(deps, as(rootAdmin), {
    podId,
    name: 'cluster-1',
    hypervisor: 'Simulator',
    cpuOverprovisioning: 2,
  });
  const hosts = [];
  for (const name of ['host-1', 'host-2'])
    hosts.push(
      (
        await addHost(deps, as(rootAdmin), {
          clusterId,
          name,
          cpuCores: 8,
          cpuSpeedMhz: 2000,
          memoryMiB: 16384,
        })
      ).hostId,
    );
  const { poolId } = await createStoragePool(deps, as(rootAdmin), {
    scope: 'Cluster',
    clusterId,
    name: 'primary-1',
    type: 'NFS',
    capacityBytes: 1024 ** 4,
  });
  const zonePool = await createStoragePool(deps, as(rootAdmin), {
    scope: 'Zone',
    zoneId,
    hypervisor: 'Simulator',
    name: 'zone-primary',
    type: 'NFS',
    capacityBytes: 1024 ** 4,
  });
  const store = await addImageStore(deps, as(rootAdmin), {
    zoneId,
    name: 'secondary-1',
    provider: 'NFS',
    url: 'nfs://nfs.example.com/export/secondary',
  });
  return {
    zoneId,
    podId,
    clusterId,
    hosts,
    poolId,
    zonePoolId: zonePool.poolId,
    imageStoreId: store.imageStoreId,
    position: store.position,
  };
};

describe('an admin building infrastructure', () => {
  it('creates zone, pod, cluster, hosts (Up, with the cluster factors), pools and an image store', async () => {
    const simulator = new SimulatorDriver();
    const cloud = await buildCloud(simulator);
    const host = (await w.bus.load('host', cloud.hosts[0]!)).state!;
    expect(host).toMatchObject({
      zoneId: cloud.zoneId,
      podId: cloud.podId,
      clusterId: cloud.clusterId,
      hypervisor: 'Simulator',
      status: 'Up',
      resourceState: 'Enabled',
      size: { cpuOverprovisioning: 2, memoryOverprovisioning: 1 },
    });
    expect(await eventsOf(w, `host-${cloud.hosts[0]}`)).toEqual([
      'HostAdded',
      'HostStatusChanged',
      'HostStatusChanged',
    ]);
    expect((await w.bus.load('storagePool', cloud.poolId)).state).toMatchObject({
      scope: 'Cluster',
      zoneId: cloud.zoneId,
      podId: cloud.podId,
      clusterId: cloud.clusterId,
      hypervisor: 'Simulator',
    });
    expect((await w.bus.load('storagePool', cloud.zonePoolId)).state).toMatchObject({
      scope: 'Zone',
      podId: null,
    });
    expect((await w.bus.load('imageStore', cloud.imageStoreId)).state).toMatchObject({
      zoneId: cloud.zoneId,
    });
  });

  it('registers Simulator hosts with the simulator, which then sends their heartbeats', async () => {
    const simulator = new SimulatorDriver({ heartbeatIntervalMs: 20 });
    const cloud = await buildCloud(simulator);
    const seen = new Set<string>();
    const sub = simulator.heartbeats().subscribe((b) => seen.add(b.hostId));
    await new Promise((r) => setTimeout(r, 80));
    sub.unsubscribe();
    expect([...seen].sort()).toEqual([...cloud.hosts].sort());
  });

  it('answers with the position of the last event, and a retried create with the same idempotency key makes nothing new', async () => {
    const first = await createZone({ bus: w.bus }, as(rootAdmin, { idempotencyKey: 'zone-key' }), zoneInput);
    const again = await createZone({ bus: w.bus }, as(rootAdmin, { idempotencyKey: 'zone-key' }), zoneInput);
    expect(again.zoneId).toBe(first.zoneId);
    expect(again.position).toBe(first.position);
    await waitVisible(w.store, first.position);
    expect(first.position).toBe(await w.store.headPosition());
    expect(await eventsOf(w, `zone-${first.zoneId}`)).toEqual(['ZoneCreated']);
  });

  it('updates and enables a zone; passes new cluster factors on to every host', async () => {
    const cloud = await buildCloud();
    await updateZone({ bus: w.bus }, as(rootAdmin), { zoneId: cloud.zoneId, name: 'renamed' });
    await setZoneEnabled({ bus: w.bus }, as(rootAdmin), { zoneId: cloud.zoneId, enabled: true });
    expect((await w.bus.load('zone', cloud.zoneId)).state).toMatchObject({
      name: 'renamed',
      allocationState: 'Enabled',
    });
    await updateCluster({ bus: w.bus }, as(rootAdmin, { after: cloud.position }), {
      clusterId: cloud.clusterId,
      memoryOverprovisioning: 1.5,
      name: 'c1',
    });
    for (const hostId of cloud.hosts)
      expect((await w.bus.load('host', hostId)).state!.size).toMatchObject({
        cpuOverprovisioning: 2,
        memoryOverprovisioning: 1.5,
      });
    expect((await w.bus.load('cluster', cloud.clusterId)).state).toMatchObject({ name: 'c1' });
  });

  it('refuses to delete parents that still have children, counted from the streams; empties bottom-up', async () => {
    const cloud = await buildCloud();
    const deps = { bus: w.bus };
    const admin = as(rootAdmin, { after: cloud.position });
    expect((await refusal(deleteZone(deps, admin, { zoneId: cloud.zoneId }))).code).toBe('ZONE_HAS_PODS');
    expect((await refusal(deletePod(deps, admin, { podId: cloud.podId }))).code).toBe('POD_HAS_CLUSTERS');
    const hasHosts = await refusal(deleteCluster(deps, admin, { clusterId: cloud.clusterId }));
    expect(hasHosts).toMatchObject({ code: 'CLUSTER_HAS_HOSTS', details: { hostCount: 2 } });
    expect((await refusal(deleteHost(deps, admin, { hostId: cloud.hosts[0]! }))).code).toBe(
      'HOST_NOT_REMOVABLE',
    );

    // Each call passes the position of the previous one (read-your-writes), as a client would.
    let seen = cloud.position;
    const next = () => as(rootAdmin, { after: seen });
    const track = async (p: Promise<{ position: string | null }>) => {
      seen = (await p).position ?? seen;
    };
    for (const hostId of cloud.hosts) {
      await track(updateHost(deps, next(), { hostId, enabled: false }));
      await track(deleteHost(deps, next(), { hostId }));
    }
    await track(deleteStoragePool(deps, next(), { poolId: cloud.poolId }));
    await track(deleteCluster(deps, next(), { clusterId: cloud.clusterId }));
    await track(deletePod(deps, next(), { podId: cloud.podId }));
    await track(deleteImageStore(deps, next(), { imageStoreId: cloud.imageStoreId }));
    await track(deleteZone(deps, next(), { zoneId: cloud.zoneId }));
    expect((await w.bus.load('zone', cloud.zoneId)).state?.removed).toBe(true);
  });

  it("refuses to delete a zone's last image store while the zone holds a template", async () => {
    const cloud = await buildCloud();
    const registered = await w.bus.execute(
      'image',
      '00000000-0000-4000-8000-0000000000aa',
      {
        type: 'RegisterTemplate',
        data: {
          imageId: '00000000-0000-4000-8000-0000000000aa',
          name: 'tpl',
          ownerAccountId: rootAdmin.accountId,
          tenantDomainId: rootAdmin.tenantDomainId,
          caller: { accountId: rootAdmin.accountId, isAdmin: true },
          allowPublicUserTemplates: true,
          isPublic: true,
          isFeatured: false,
          now: w.bus.now(),
          zoneIds: [cloud.zoneId],
          crossZones: false,
          format: 'QCOW2',
          hypervisor: 'Simulator',
          osType: 'Linux',
          passwordEnabled: false,
          dynamicallyScalable: false,
          url: 'http://images.example.com/t.qcow2',
        },
      },
      as(rootAdmin).ctx,
    );
    const refused = await refusal(
      deleteImageStore({ bus: w.bus }, as(rootAdmin, { after: registered.position }), {
        imageStoreId: cloud.imageStoreId,
      }),
    );
    expect(refused).toMatchObject({ code: 'IMAGE_STORE_NOT_EMPTY', details: { storedObjectCount: 1 } });
  });

  it('refuses a host of another hypervisor than its cluster, and an unknown parent', async () => {
    const cloud = await buildCloud();
    const wrong = await refusal(
      addHost({ bus: w.bus }, as(rootAdmin), {
        clusterId: cloud.clusterId,
        name: 'kvm',
        hypervisor: 'KVM',
        cpuCores: 4,
        cpuSpeedMhz: 2000,
        memoryMiB: 8192,
      }),
    );
    expect(wrong.code).toBe('HOST_HYPERVISOR_MISMATCH');
    const orphan = await refusal(
      createPod({ bus: w.bus }, as(rootAdmin), {
        zoneId: '00000000-0000-4000-8000-000000000999',
        name: 'p',
        ...podNetwork,
      }),
    );
    expect(orphan.code).toBe('ZONE_NOT_FOUND');
  });

  it.each(['DomainAdmin', 'ResourceAdmin', 'User'] as const)(
    'refuses every infrastructure change to a %s',
    async (role) => {
      const cloud = await buildCloud();
      const caller = callerOf(role);
      const deps = { bus: w.bus };
      const attempts = [
        () => createZone(deps, as(caller), zoneInput),
        () => deleteZone(deps, as(caller), { zoneId: cloud.zoneId }),
        () => createPod(deps, as(caller), { zoneId: cloud.zoneId, name: 'p', ...podNetwork }),
        () => createCluster(deps, as(caller), { podId: cloud.podId, name: 'c', hypervisor: 'Simulator' }),
        () =>
          addHost(deps, as(caller), {
            clusterId: cloud.clusterId,
            name: 'h',
            cpuCores: 1,
            cpuSpeedMhz: 1,
            memoryMiB: 1,
          }),
        () => updateHost(deps, as(caller), { hostId: cloud.hosts[0]!, enabled: false }),
        () =>
          createStoragePool(deps, as(caller), {
            scope: 'Cluster',
            clusterId: cloud.clusterId,
            name: 'p',
            type: 'NFS',
            capacityBytes: 1,
          }),
        () => deleteStoragePool(deps, as(caller), { poolId: cloud.poolId }),
        () =>
          addImageStore(deps, as(caller), {
            zoneId: cloud.zoneId,
            name: 's',
            provider: 'NFS',
            url: 'nfs://a/b',
          }),
        () => deleteImageStore(deps, as(caller), { imageStoreId: cloud.imageStoreId }),
      ];
      const before = await w.store.headPosition();
      for (const attempt of attempts)
        expect(await refusal(attempt())).toMatchObject({ kind: 'forbidden', code: 'ROOT_ADMIN_REQUIRED' });
      expect(await w.store.headPosition()).toBe(before);
    },
  );
});
