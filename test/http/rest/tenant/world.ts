import { randomUUID } from 'node:crypto';
import { sign } from '../../../../src/adapters/http/auth/signature.ts';
import { tenantRoutes } from '../../../../src/adapters/http/rest/tenant/index.ts';
import type { Route } from '../../../../src/adapters/http/route.ts';
import type { HttpContext } from '../../../../src/app/http.ts';
import {
  addHost,
  addImageStore,
  createAccount,
  createCluster,
  createDiskOffering,
  createPod,
  createServiceOffering,
  createStoragePool,
  createTenantDomain,
  createZone,
  type Invocation,
  registerTemplate,
  registerUserKeys,
  setClusterEnabled,
  setPodEnabled,
  setZoneEnabled,
} from '../../../../src/commands/admin/index.ts';
import {
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
} from '../../../../src/commands/admin/tenancy/bootstrap.ts';
import { isDomainError } from '../../../../src/domain/shared/index.ts';
import type { AccountType, Caller } from '../../../../src/domain/tenancy/roles.ts';
import { startTestServer, type TestServer } from '../../../support/server.ts';

/**
 * A node serving the tenant routes, with a small cloud built through the admin operations (not the
 * admin REST routes): an enabled zone with a pod, a cluster of two simulator hosts, a cluster pool,
 * an image store, a service and a disk offering, a downloaded template; and a tenancy tree: domains
 * acme and other; users alice and bob in acme, a domain admin of acme, carol in other; each with keys.
 */

export type Keys = { readonly apiKey: string; readonly secretKey: string };
export type Tenant = {
  readonly accountId: string;
  readonly userId: string;
  readonly keys: Keys;
  readonly username: string;
  readonly password: string;
};

export type World = {
  readonly server: TestServer;
  readonly zoneId: string;
  readonly offeringId: string;
  readonly bigOfferingId: string;
  readonly diskOfferingId: string;
  readonly templateId: string;
  readonly acmeId: string;
  readonly otherId: string;
  readonly alice: Tenant;
  readonly bob: Tenant;
  readonly acmeAdmin: Tenant;
  readonly carol: Tenant;
};

const root: Caller = {
  userId: rootAdminUserId,
  accountId: rootAdminAccountId,
  tenantDomainId: rootTenantDomainId,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};

const invocation = (after: string | null = null): Invocation => {
  const id = randomUUID();
  return {
    caller: root,
    ctx: {
      commandId: id,
      correlationId: id,
      actor: { userId: rootAdminUserId, accountId: rootAdminAccountId },
    },
    after,
  };
};

/** Enabling what a create left enabled already is refused; either way it ends enabled. */
const enabled = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (!isDomainError(e) || e.kind !== 'illegal_state') throw e;
  }
};

export const openWorld = async (
  routesOf: (context: HttpContext) => readonly Route[] = tenantRoutes,
): Promise<World> => {
  const server = await startTestServer(routesOf);
  const { bus } = server.app;
  const deps = { bus };
  const { zoneId } = await createZone(deps, invocation(), {
    name: 'zone-1',
    networkType: 'Basic',
    dns1: '8.8.8.8',
    internalDns1: '10.0.0.2',
    localStorageEnabled: false,
  });
  await enabled(setZoneEnabled(deps, invocation(), { zoneId, enabled: true }));
  const { podId } = await createPod(deps, invocation(), {
    zoneId,
    name: 'pod-1',
    gateway: '192.168.1.1',
    netmask: '255.255.255.0',
    startIp: '192.168.1.10',
    endIp: '192.168.1.200',
  });
  await enabled(setPodEnabled(deps, invocation(), { podId, enabled: true }));
  const { clusterId } = await createCluster(deps, invocation(), {
    podId,
    name: 'cluster-1',
    hypervisor: 'Simulator',
  });
  await enabled(setClusterEnabled(deps, invocation(), { clusterId, enabled: true }));
  let last: string | null = null;
  for (const name of ['host-1', 'host-2'])
    last = (
      await addHost({ bus, simulator: server.driver }, invocation(), {
        clusterId,
        name,
        cpuCores: 16,
        cpuSpeedMhz: 2000,
        memoryMiB: 65536,
      })
    ).position;
  await createStoragePool(deps, invocation(last), {
    scope: 'Cluster',
    clusterId,
    name: 'primary-1',
    type: 'NFS',
    capacityBytes: 10 * 1024 ** 4,
  });
  await addImageStore(deps, invocation(), {
    zoneId,
    name: 'secondary-1',
    provider: 'NFS',
    url: 'nfs://nfs/secondary',
  });
  const serviceOffering = (name: string, cpuNumber: number, memoryMiB: number) =>
    createServiceOffering(deps, invocation(), {
      name,
      sizing: { kind: 'fixed', cpuNumber, cpuSpeedMhz: 1000, memoryMiB },
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
    });
  const { offeringId } = await serviceOffering('small', 1, 1024);
  const { offeringId: bigOfferingId } = await serviceOffering('big', 2, 2048);
  const { offeringId: diskOfferingId } = await createDiskOffering(deps, invocation(), {
    name: 'disk-5',
    sizing: { kind: 'fixed', sizeGiB: 5 },
    storageType: 'shared',
    storageTags: [],
    domainIds: [],
    zoneIds: [],
  });
  const template = await registerTemplate(deps, invocation(), {
    name: 'tiny-linux',
    url: 'http://images.example.com/tiny.qcow2',
    format: 'QCOW2',
    hypervisor: 'Simulator',
    osType: 'Linux',
    zoneIds: [zoneId],
    sizeBytes: 2 * 1024 ** 3,
    isPublic: true,
    dynamicallyScalable: true,
  });
  await until(async () => (await bus.load('job', template.jobId)).state?.status === 'succeeded');

  const { tenantDomainId: acmeId } = await createTenantDomain(deps, invocation(), { name: 'acme' });
  const { tenantDomainId: otherId } = await createTenantDomain(deps, invocation(), { name: 'other' });
  const tenant = async (
    tenantDomainId: string,
    username: string,
    accountType: AccountType,
  ): Promise<Tenant> => {
    const password = `pw-${username}-123456`;
    const { accountId, userId } = await createAccount(deps, invocation(), {
      tenantDomainId,
      username,
      firstname: username,
      lastname: 'Test',
      email: `${username}@example.com`,
      password,
      accountType,
    });
    const keys = await registerUserKeys({ bus, encryptionKey: server.app.encryptionKey }, invocation(), {
      userId,
    });
    await server.settle(keys.position);
    return {
      accountId,
      userId,
      keys: { apiKey: keys.apiKey, secretKey: keys.secretKey },
      username,
      password,
    };
  };
  return {
    server,
    zoneId,
    offeringId,
    bigOfferingId,
    diskOfferingId,
    templateId: template.imageId,
    acmeId,
    otherId,
    alice: await tenant(acmeId, 'alice', 'User'),
    bob: await tenant(acmeId, 'bob', 'User'),
    acmeAdmin: await tenant(acmeId, 'acme-admin', 'DomainAdmin'),
    carol: await tenant(otherId, 'carol', 'User'),
  };
};

export const until = async (check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
};

/** Waits for a job (through the REST API, as a client would) and returns it. */
export const jobDone = async (w: World, jobId: string, keys?: Keys) => {
  let job: { state: string; [k: string]: unknown } = { state: 'pending' };
  await until(async () => {
    const res = await w.server.signed('GET', `/v1/jobs/${jobId}`, undefined, keys);
    if (res.status === 200) job = res.body;
    if (process.env.DEBUG_JOBS) console.log(res.status, JSON.stringify(res.body).slice(0, 600));
    return res.status === 200 && job.state !== 'pending';
  });
  return job;
};

/** A signed URL for a request without a body (for responses that are not JSON, such as the exports). */
export const signedUrl = (w: World, method: string, path: string, keys: Keys = w.server.admin): string => {
  const [pathname, search = ''] = path.split('?');
  const params: Record<string, string> = {
    ...Object.fromEntries(new URLSearchParams(search)),
    apiKey: keys.apiKey,
  };
  const signature = sign({ ...params, method, path: pathname! }, keys.secretKey);
  return `${w.server.base}${pathname}?${new URLSearchParams({ ...params, signature })}`;
};
