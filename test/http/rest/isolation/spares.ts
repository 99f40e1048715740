import type { OwnerlessKind } from './fixtures.ts';
import type { MatrixWorld } from './world.ts';

/**
 * Infrastructure and tariffs for the root admin's cells to disable, end or delete, never the world's
 * own: a new zone, and pods, clusters, hosts, pools and image stores under a spare zone, pod and
 * cluster (created once, left disabled).
 */
export const spares = (
  admin: MatrixWorld['admin'],
  unique: (prefix: string) => string,
): Record<OwnerlessKind, () => Promise<string>> => {
  const created = async (path: string, body: unknown): Promise<string> =>
    (await admin(201, 'POST', path, body)).id;
  const zone = () =>
    created('/v1/zones', {
      name: unique('zone'),
      networkType: 'Basic',
      dns1: '8.8.8.8',
      internalDns1: '10.0.0.2',
    });
  const pod = (zoneId: string) =>
    created('/v1/pods', {
      zoneId,
      name: unique('pod'),
      gateway: '192.168.9.1',
      netmask: '255.255.255.0',
      startIp: '192.168.9.10',
      endIp: '192.168.9.20',
    });
  const cluster = (podId: string) =>
    created('/v1/clusters', { podId, name: unique('cluster'), hypervisor: 'Simulator' });

  let chain: Promise<{ zoneId: string; podId: string; clusterId: string }> | undefined;
  const spare = () =>
    (chain ??= (async () => {
      const zoneId = await zone();
      const podId = await pod(zoneId);
      return { zoneId, podId, clusterId: await cluster(podId) };
    })());

  return {
    zone,
    pod: async () => pod((await spare()).zoneId),
    cluster: async () => cluster((await spare()).podId),
    host: async () =>
      created('/v1/hosts', {
        clusterId: (await spare()).clusterId,
        name: unique('host'),
        cpuCores: 4,
        cpuSpeedMhz: 2000,
        memoryMiB: 8192,
      }),
    storagePool: async () =>
      created('/v1/storage-pools', {
        scope: 'Cluster',
        clusterId: (await spare()).clusterId,
        name: unique('pool'),
        type: 'NFS',
        capacityBytes: 1024 ** 4,
      }),
    imageStore: async () =>
      created('/v1/image-stores', {
        zoneId: (await spare()).zoneId,
        name: unique('store'),
        provider: 'NFS',
        url: 'nfs://nfs/spare',
      }),
    tariff: () =>
      created('/v1/usage/tariffs', { name: unique('tariff'), quotaType: 1, currency: 'EUR', value: 0.05 }),
  };
};
