import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
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
  type PoolScopeInput,
  setClusterEnabled,
  setImageStoreReadOnly,
  setPodEnabled,
  setStoragePoolEnabled,
  setZoneEnabled,
  updateCluster,
  updateHost,
  updatePod,
  updateStoragePool,
  updateZone,
} from '../../../../commands/admin/infrastructure/index.ts';
import {
  cancelHostMaintenance,
  prepareHostForMaintenance,
} from '../../../../commands/admin/maintenance/index.ts';
import { hypervisorTypes, storagePoolTypes } from '../../../../domain/hypervisor/index.ts';
import { imageStoreProviders } from '../../../../domain/imageStore/imageStore.events.ts';
import { networkTypes } from '../../../../domain/zone/zone.events.ts';
import { resourceSpecs } from '../../../../projections/queries/index.ts';
import { type Route, route } from '../../route.ts';
import { adminResourceRoutes } from './resources.ts';
import { accepted, id, idParams, invocation } from './shared.ts';

const name = z.string().min(1).max(255);
const ip = z.string().min(1).max(64);
const tags = z.array(z.string().min(1).max(255)).max(50);
const factor = z.number().positive().max(100);
const state = z.string().max(40).optional();

export const infrastructureRoutes = (context: HttpContext): Route[] => {
  const deps = { bus: context.app.bus };
  const hostDeps = { ...deps, simulator: context.app.driver };

  const zones = adminResourceRoutes(context, {
    path: 'zones',
    tag: 'zones',
    noun: 'zone',
    spec: resourceSpecs.zones,
    notFoundCode: 'ZONE_NOT_FOUND',
    filters: { state },
    publicRead: true,
    create: {
      body: z.strictObject({
        name,
        networkType: z.enum(networkTypes),
        dns1: ip,
        dns2: ip.nullable().optional(),
        internalDns1: ip,
        internalDns2: ip.nullable().optional(),
        guestCidr: z.string().max(64).nullable().optional(),
        localStorageEnabled: z.boolean().default(false),
      }),
      run: async (inv, body) => {
        const { zoneId, position } = await createZone(deps, inv, body);
        return { id: zoneId, position };
      },
    },
    update: {
      body: z.strictObject({
        name: name.optional(),
        dns1: ip.optional(),
        dns2: ip.nullable().optional(),
        internalDns1: ip.optional(),
        internalDns2: ip.nullable().optional(),
        guestCidr: z.string().max(64).nullable().optional(),
        localStorageEnabled: z.boolean().optional(),
      }),
      run: (inv, zoneId, body) => updateZone(deps, inv, { ...body, zoneId }),
    },
    setEnabled: (inv, zoneId, enabled) => setZoneEnabled(deps, inv, { zoneId, enabled }),
    remove: (inv, zoneId) => deleteZone(deps, inv, { zoneId }),
  });

  const pods = adminResourceRoutes(context, {
    path: 'pods',
    tag: 'pods',
    noun: 'pod',
    spec: resourceSpecs.pods,
    notFoundCode: 'POD_NOT_FOUND',
    filters: { state, zoneId: id.optional() },
    create: {
      body: z.strictObject({ zoneId: id, name, gateway: ip, netmask: ip, startIp: ip, endIp: ip }),
      run: async (inv, body) => {
        const { podId, position } = await createPod(deps, inv, body);
        return { id: podId, position };
      },
    },
    update: {
      body: z.strictObject({
        name: name.optional(),
        gateway: ip.optional(),
        netmask: ip.optional(),
        startIp: ip.optional(),
        endIp: ip.optional(),
      }),
      run: (inv, podId, body) => updatePod(deps, inv, { ...body, podId }),
    },
    setEnabled: (inv, podId, enabled) => setPodEnabled(deps, inv, { podId, enabled }),
    remove: (inv, podId) => deletePod(deps, inv, { podId }),
  });

  const clusters = adminResourceRoutes(context, {
    path: 'clusters',
    tag: 'clusters',
    noun: 'cluster',
    spec: resourceSpecs.clusters,
    notFoundCode: 'CLUSTER_NOT_FOUND',
    filters: { state, zoneId: id.optional(), podId: id.optional() },
    create: {
      body: z.strictObject({
        podId: id,
        name,
        hypervisor: z.enum(hypervisorTypes),
        cpuOverprovisioning: factor.optional(),
        memoryOverprovisioning: factor.optional(),
      }),
      run: async (inv, body) => {
        const { clusterId, position } = await createCluster(deps, inv, body);
        return { id: clusterId, position };
      },
    },
    update: {
      body: z.strictObject({
        name: name.optional(),
        cpuOverprovisioning: factor.optional(),
        memoryOverprovisioning: factor.optional(),
      }),
      run: (inv, clusterId, body) => updateCluster(deps, inv, { ...body, clusterId }),
    },
    setEnabled: (inv, clusterId, enabled) => setClusterEnabled(deps, inv, { clusterId, enabled }),
    remove: (inv, clusterId) => deleteCluster(deps, inv, { clusterId }),
  });

  const hosts = adminResourceRoutes(context, {
    path: 'hosts',
    tag: 'hosts',
    noun: 'host',
    spec: resourceSpecs.hosts,
    notFoundCode: 'HOST_NOT_FOUND',
    filters: { state, zoneId: id.optional(), podId: id.optional(), clusterId: id.optional() },
    create: {
      body: z.strictObject({
        clusterId: id,
        name,
        hypervisor: z.enum(hypervisorTypes).optional(),
        cpuCores: z.number().int().positive().max(4096),
        cpuSpeedMhz: z.number().int().positive().max(100_000),
        memoryMiB: z
          .number()
          .int()
          .positive()
          .max(1 << 30),
        tags: tags.optional(),
      }),
      run: async (inv, body) => {
        const { hostId, position } = await addHost(hostDeps, inv, body);
        return { id: hostId, position };
      },
    },
    update: {
      body: z.strictObject({ tags }),
      run: (inv, hostId, body) => updateHost(deps, inv, { hostId, tags: body.tags }),
    },
    setEnabled: (inv, hostId, enabled) => updateHost(deps, inv, { hostId, enabled }),
    remove: (inv, hostId) => deleteHost(deps, inv, { hostId }),
  });

  const maintenance: Route[] = [
    route({
      method: 'post',
      path: '/v1/hosts/:id/maintenance',
      summary: 'Prepare a host for maintenance (its VMs are migrated away)',
      tags: ['hosts'],
      params: idParams,
      responses: { 202: { description: 'The job' } },
      handler: async (input) =>
        accepted(
          await prepareHostForMaintenance(deps, invocation(input), { hostId: input.params.id }),
          input.params.id,
        ),
    }),
    route({
      method: 'delete',
      path: '/v1/hosts/:id/maintenance',
      summary: 'Cancel a host maintenance',
      tags: ['hosts'],
      params: idParams,
      responses: { 202: { description: 'The job' } },
      handler: async (input) =>
        accepted(
          await cancelHostMaintenance(deps, invocation(input), { hostId: input.params.id }),
          input.params.id,
        ),
    }),
  ];

  const storagePools = adminResourceRoutes(context, {
    path: 'storage-pools',
    tag: 'storage pools',
    noun: 'storage pool',
    spec: resourceSpecs.storagePools,
    notFoundCode: 'STORAGE_POOL_NOT_FOUND',
    filters: {
      state,
      zoneId: id.optional(),
      podId: id.optional(),
      clusterId: id.optional(),
      hostId: id.optional(),
    },
    create: {
      body: z
        .strictObject({
          scope: z.enum(['Cluster', 'Zone', 'Host']),
          clusterId: id.optional(),
          zoneId: id.optional(),
          hostId: id.optional(),
          hypervisor: z.enum(hypervisorTypes).optional(),
          name,
          type: z.enum(storagePoolTypes),
          capacityBytes: z.number().int().positive(),
          overprovisioning: factor.optional(),
          tags: tags.optional(),
        })
        .superRefine((b, issues) => {
          const needs = { Cluster: ['clusterId'], Zone: ['zoneId', 'hypervisor'], Host: ['hostId'] }[b.scope];
          for (const field of needs)
            if (b[field as keyof typeof b] === undefined)
              issues.addIssue({ code: 'custom', path: [field], message: `required for scope ${b.scope}` });
        }),
      run: async (inv, { scope, clusterId, zoneId, hostId, hypervisor, ...rest }) => {
        const place: PoolScopeInput =
          scope === 'Cluster'
            ? { scope, clusterId: clusterId! }
            : scope === 'Zone'
              ? { scope, zoneId: zoneId!, hypervisor: hypervisor! }
              : { scope, hostId: hostId! };
        const { poolId, position } = await createStoragePool(deps, inv, { ...place, ...rest });
        return { id: poolId, position };
      },
    },
    update: {
      body: z.strictObject({
        name: name.optional(),
        capacityBytes: z.number().int().positive().optional(),
        overprovisioning: factor.optional(),
        tags: tags.optional(),
      }),
      run: (inv, poolId, body) => updateStoragePool(deps, inv, { ...body, poolId }),
    },
    setEnabled: (inv, poolId, enabled) => setStoragePoolEnabled(deps, inv, { poolId, enabled }),
    remove: (inv, poolId) => deleteStoragePool(deps, inv, { poolId }),
  });

  const imageStores = adminResourceRoutes(context, {
    path: 'image-stores',
    tag: 'image stores',
    noun: 'image store',
    spec: resourceSpecs.imageStores,
    notFoundCode: 'IMAGE_STORE_NOT_FOUND',
    filters: { zoneId: id.optional() },
    create: {
      body: z.strictObject({
        zoneId: id,
        name,
        provider: z.enum(imageStoreProviders),
        url: z.string().min(1).max(2048),
        readOnly: z.boolean().optional(),
      }),
      run: async (inv, body) => {
        const { imageStoreId, position } = await addImageStore(deps, inv, body);
        return { id: imageStoreId, position };
      },
    },
    update: {
      body: z.strictObject({ readOnly: z.boolean() }),
      run: (inv, imageStoreId, body) =>
        setImageStoreReadOnly(deps, inv, { imageStoreId, readOnly: body.readOnly }),
    },
    remove: (inv, imageStoreId) => deleteImageStore(deps, inv, { imageStoreId }),
  });

  return [...zones, ...pods, ...clusters, ...hosts, ...maintenance, ...storagePools, ...imageStores];
};
