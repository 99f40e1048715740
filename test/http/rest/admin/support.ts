import { adminRoutes } from '../../../../src/adapters/http/rest/admin/index.ts';
import type { Json } from '../../../support/http.ts';
import { startTestServer, type TestServer } from '../../../support/server.ts';

export const startAdminServer = () => startTestServer((context) => adminRoutes(context));

export type Keys = { apiKey: string; secretKey: string };

/** Sends a request as `keys` and fails loudly when the status isn't the expected one. */
export const expectStatus = async (
  server: TestServer,
  status: number,
  method: string,
  path: string,
  body?: unknown,
  keys?: Keys,
): Promise<Json> => {
  const res = await server.signed(method, path, body, keys);
  if (res.status !== status)
    throw new Error(
      `${method} ${path} answered ${res.status}, expected ${status}: ${JSON.stringify(res.body)}`,
    );
  await server.settle(res.headers.get('x-position'));
  return res.body;
};

export const zoneBody = (name: string) => ({
  name,
  networkType: 'Advanced',
  dns1: '8.8.8.8',
  internalDns1: '10.0.0.2',
  guestCidr: '10.1.1.0/24',
});

/** zone → pod → cluster → two hosts → a cluster pool → an image store, through the REST API. */
export const buildInfrastructure = async (server: TestServer, name = 'z1') => {
  const zone = await expectStatus(server, 201, 'POST', '/v1/zones', zoneBody(name));
  const pod = await expectStatus(server, 201, 'POST', '/v1/pods', {
    zoneId: zone.id,
    name: `${name}-pod`,
    gateway: '192.168.1.1',
    netmask: '255.255.255.0',
    startIp: '192.168.1.10',
    endIp: '192.168.1.200',
  });
  const cluster = await expectStatus(server, 201, 'POST', '/v1/clusters', {
    podId: pod.id,
    name: `${name}-cluster`,
    hypervisor: 'Simulator',
  });
  const hosts = [];
  for (const n of [1, 2])
    hosts.push(
      await expectStatus(server, 201, 'POST', '/v1/hosts', {
        clusterId: cluster.id,
        name: `${name}-host${n}`,
        cpuCores: 16,
        cpuSpeedMhz: 2000,
        memoryMiB: 65536,
      }),
    );
  const pool = await expectStatus(server, 201, 'POST', '/v1/storage-pools', {
    scope: 'Cluster',
    clusterId: cluster.id,
    name: `${name}-pool`,
    type: 'NFS',
    capacityBytes: 10 * 1024 ** 4,
  });
  const imageStore = await expectStatus(server, 201, 'POST', '/v1/image-stores', {
    zoneId: zone.id,
    name: `${name}-secondary`,
    provider: 'NFS',
    url: 'nfs://10.0.0.5/export/secondary',
  });
  await expectStatus(server, 200, 'POST', `/v1/zones/${zone.id}/enable`);
  return { zone, pod, cluster, hosts, pool, imageStore };
};
