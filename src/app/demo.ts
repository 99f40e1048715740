import { randomUUID } from 'node:crypto';
import {
  addHost,
  addImageStore,
  createCluster,
  createDiskOffering,
  createPod,
  createServiceOffering,
  createStoragePool,
  createZone,
  type Invocation,
  registerTemplate,
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
  setClusterEnabled,
  setPodEnabled,
  setZoneEnabled,
} from '../commands/admin/index.ts';
import type { Caller } from '../domain/tenancy/roles.ts';
import type { Application } from './application.ts';

const rootAdmin: Caller = {
  userId: rootAdminUserId,
  accountId: rootAdminAccountId,
  tenantDomainId: rootTenantDomainId,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};

/** Each step keyed by name: seeding again finds what the first run created and records nothing. */
const step = (name: string): Invocation => ({
  caller: rootAdmin,
  ctx: {
    commandId: randomUUID(),
    idempotencyKey: `skyledger-demo:${name}`,
    correlationId: 'skyledger-demo',
    actor: {
      userId: rootAdmin.userId,
      accountId: rootAdmin.accountId,
      tenantDomainId: rootAdmin.tenantDomainId,
    },
  },
});

const offering = (name: string, cpuNumber: number, memoryMiB: number) => ({
  name,
  sizing: { kind: 'fixed' as const, cpuNumber, cpuSpeedMhz: 1000, memoryMiB },
  networkRateMbps: null,
  offerHa: false,
  storageType: 'shared' as const,
  hostTags: [],
  storageTags: [],
  dynamicScalingEnabled: true,
  limitCpuUse: false,
  isSystem: false,
  domainIds: [],
  zoneIds: [],
  deploymentPlanner: null,
});

export type DemoCloud = {
  readonly zoneId: string;
  readonly serviceOfferingIds: Readonly<Record<string, string>>;
  readonly diskOfferingId: string;
  readonly templateId: string;
};

/**
 * A simulator cloud a newcomer can deploy into at once: one zone (enabled) with a pod, a cluster
 * of four Simulator hosts, primary and secondary storage, three service offerings, a disk
 * offering, and a public featured template that is ready in the zone.
 */
export const seedDemoCloud = async (app: Application): Promise<DemoCloud> => {
  const deps = { bus: app.bus };
  const { zoneId } = await createZone(deps, step('zone'), {
    name: 'demo-zone',
    networkType: 'Advanced',
    dns1: '8.8.8.8',
    internalDns1: '10.0.0.2',
    guestCidr: '10.1.0.0/16',
    localStorageEnabled: false,
  });
  const { podId } = await createPod(deps, step('pod'), {
    zoneId,
    name: 'demo-pod',
    gateway: '192.168.10.1',
    netmask: '255.255.255.0',
    startIp: '192.168.10.10',
    endIp: '192.168.10.250',
  });
  const { clusterId } = await createCluster(deps, step('cluster'), {
    podId,
    name: 'demo-cluster',
    hypervisor: 'Simulator',
    cpuOverprovisioning: 2,
  });
  for (const n of [1, 2, 3, 4])
    await addHost({ ...deps, simulator: app.driver }, step(`host-${n}`), {
      clusterId,
      name: `demo-host-${n}`,
      cpuCores: 16,
      cpuSpeedMhz: 2400,
      memoryMiB: 65536,
    });
  await createStoragePool(deps, step('primary'), {
    scope: 'Cluster',
    clusterId,
    name: 'demo-primary',
    type: 'NFS',
    capacityBytes: 4 * 1024 ** 4,
  });
  await addImageStore(deps, step('secondary'), {
    zoneId,
    name: 'demo-secondary',
    provider: 'NFS',
    url: 'nfs://secondary.demo.local/export/secondary',
  });
  await setClusterEnabled(deps, step('cluster-enabled'), { clusterId, enabled: true });
  await setPodEnabled(deps, step('pod-enabled'), { podId, enabled: true });
  await setZoneEnabled(deps, step('zone-enabled'), { zoneId, enabled: true });
  const serviceOfferingIds: Record<string, string> = {};
  for (const [name, cpu, memory] of [
    ['Small Instance', 1, 1024],
    ['Medium Instance', 2, 4096],
    ['Large Instance', 4, 8192],
  ] as const)
    serviceOfferingIds[name] = (
      await createServiceOffering(deps, step(`offering-${name}`), offering(name, cpu, memory))
    ).offeringId;
  const { offeringId: diskOfferingId } = await createDiskOffering(deps, step('disk-offering'), {
    name: 'Small Disk 10GB',
    sizing: { kind: 'fixed', sizeGiB: 10 },
    storageType: 'shared',
    storageTags: [],
    domainIds: [],
    zoneIds: [],
  });
  const { imageId: templateId } = await registerTemplate(deps, step('template'), {
    name: 'Demo Linux',
    displayText: 'A small Linux template for the simulator',
    url: 'http://images.demo.local/demo-linux.qcow2',
    zoneIds: [zoneId],
    isPublic: true,
    isFeatured: true,
    format: 'QCOW2',
    hypervisor: 'Simulator',
    osType: 'Other Linux (64-bit)',
    sizeBytes: 2 * 1024 ** 3,
  });
  return { zoneId, serviceOfferingIds, diskOfferingId, templateId };
};
