import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { cloudStackRouter } from '../../src/adapters/http/cloudstack/index.ts';
import {
  addHost,
  addImageStore,
  createAccount,
  createCluster,
  createDiskOffering,
  createPod,
  createServiceOffering,
  createStoragePool,
  createZone,
  registerTemplate,
  registerUserKeys,
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
  setClusterEnabled,
  setPodEnabled,
  setZoneEnabled,
} from '../../src/commands/admin/index.ts';
import type { Caller } from '../../src/domain/tenancy/roles.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/**
 * A node with the CloudStack API mounted at /client/api, and a demo cloud built through the admin
 * operations: an enabled zone with a pod, a Simulator cluster of two hosts, a pool and an image
 * store, offerings "small" and "data-5", a ready template "tiny-linux", and a user "ada" with keys.
 */
export type DemoCloud = {
  readonly server: TestServer;
  readonly endpoint: string;
  readonly zoneName: string;
  readonly user: { apiKey: string; secretKey: string; accountId: string; username: string; password: string };
  close(): Promise<void>;
};

const root: Caller = {
  userId: rootAdminUserId,
  accountId: rootAdminAccountId,
  tenantDomainId: rootTenantDomainId,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};

const as = (caller: Caller) => {
  const id = randomUUID();
  return {
    caller,
    ctx: {
      commandId: id,
      correlationId: id,
      actor: { userId: caller.userId, accountId: caller.accountId, tenantDomainId: caller.tenantDomainId },
    },
    after: null,
  };
};

export const startDemoCloud = async (): Promise<DemoCloud> => {
  const server = await startTestServer(() => []);
  const bus = server.app.bus;
  const deps = { bus, simulator: server.driver };
  const { zoneId } = await createZone(deps, as(root), {
    name: 'demo-zone',
    networkType: 'Basic',
    dns1: '8.8.8.8',
    internalDns1: '10.0.0.2',
    localStorageEnabled: false,
  });
  await setZoneEnabled(deps, as(root), { zoneId, enabled: true });
  const { podId } = await createPod(deps, as(root), {
    zoneId,
    name: 'pod-1',
    gateway: '192.168.1.1',
    netmask: '255.255.255.0',
    startIp: '192.168.1.10',
    endIp: '192.168.1.200',
  });
  await setPodEnabled(deps, as(root), { podId, enabled: true });
  const { clusterId } = await createCluster(deps, as(root), {
    podId,
    name: 'cluster-1',
    hypervisor: 'Simulator',
  });
  await setClusterEnabled(deps, as(root), { clusterId, enabled: true });
  for (const name of ['host-1', 'host-2'])
    await addHost(deps, as(root), { clusterId, name, cpuCores: 16, cpuSpeedMhz: 2000, memoryMiB: 65536 });
  await createStoragePool(deps, as(root), {
    scope: 'Cluster',
    clusterId,
    name: 'primary-1',
    type: 'NFS',
    capacityBytes: 10 * 1024 ** 4,
  });
  await addImageStore(deps, as(root), { zoneId, name: 'images', provider: 'NFS', url: 'nfs://nfs/images' });
  await createServiceOffering(deps, as(root), {
    name: 'small',
    displayText: 'Small: 1 vCPU, 1 GiB',
    sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
    networkRateMbps: null,
    offerHa: false,
    storageType: 'shared',
    hostTags: [],
    storageTags: [],
    dynamicScalingEnabled: true,
    limitCpuUse: false,
    isSystem: false,
    domainIds: [],
    zoneIds: [],
    deploymentPlanner: null,
  } as never);
  await createDiskOffering(deps, as(root), {
    name: 'data-5',
    displayText: 'Data disk, 5 GiB',
    sizing: { kind: 'fixed', sizeGiB: 5 },
    storageType: 'shared',
    storageTags: [],
    domainIds: [],
    zoneIds: [],
  } as never);
  const template = await registerTemplate(deps, as(root), {
    name: 'tiny-linux',
    url: 'http://images.example.com/tiny.qcow2',
    format: 'QCOW2',
    hypervisor: 'Simulator',
    osType: 'Linux',
    zoneIds: [zoneId],
    sizeBytes: 2 * 1024 ** 3,
    isPublic: true,
  } as never);
  const ada = await createAccount(deps, as(root), {
    tenantDomainId: rootTenantDomainId,
    username: 'ada',
    firstname: 'Ada',
    lastname: 'Lovelace',
    email: 'ada@example.com',
    password: 'pw-123456',
  } as never);
  const keys = await registerUserKeys({ bus, encryptionKey: server.app.encryptionKey }, as(root), {
    userId: ada.userId,
  } as never);
  // Wait until the template is downloaded and every read model has caught up.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { state } = await bus.load('job', template.jobId);
    if (state && state.status !== 'pending') break;
    if (Date.now() > deadline) throw new Error('the template download did not finish');
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.settle((keys as { position: string | null }).position);
  const { rows } = await server.db.pool.query<{ p: string }>('SELECT max(position) AS p FROM jobs');
  await server.settle(rows[0]?.p);

  const api = express();
  api.use('/client/api', cloudStackRouter(server.context));
  const http: Server = createServer(api).listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  const endpoint = `http://127.0.0.1:${(http.address() as { port: number }).port}/client/api`;
  return {
    server,
    endpoint,
    zoneName: 'demo-zone',
    user: {
      apiKey: (keys as { apiKey: string }).apiKey,
      secretKey: (keys as { secretKey: string }).secretKey,
      accountId: ada.accountId,
      username: 'ada',
      password: 'pw-123456',
    },
    async close() {
      await new Promise((r) => http.close(r));
      http.closeAllConnections();
      await server.close();
    },
  };
};
