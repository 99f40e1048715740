import { type Item, queries, type ResourceName } from '../../../projections/queries/index.ts';
import { compact, csDate } from './protocol.ts';
import type { Call } from './table.ts';

/**
 * Read-model items → CloudStack's response objects (cloudstack-api.md §7): lower-case field names,
 * numbers as numbers, dates in CloudStack's format, names of the referenced resources alongside
 * their ids. Null fields are dropped, as CloudStack does.
 */

type Row = Item & Record<string, unknown>;
const GiB = 1024 ** 3;

/** Looks up names of referenced resources once per request. */
export class Names {
  private readonly cache = new Map<string, Promise<Row | null>>();
  /** Root admins see placement (host, pod, cluster, storage pool); others don't. */
  readonly isAdmin: boolean;
  constructor(private readonly call: Call) {
    this.isAdmin = call.caller.roleType === 'Admin';
  }

  get pool() {
    return this.call.http.app.pool;
  }

  row(resource: ResourceName, id: unknown): Promise<Row | null> {
    if (typeof id !== 'string' || !id) return Promise.resolve(null);
    const key = `${resource}:${id}`;
    let found = this.cache.get(key);
    if (!found) {
      found = queries(this.call.http.app.pool)[resource].get(id) as Promise<Row | null>;
      this.cache.set(key, found);
    }
    return found;
  }

  async name(resource: ResourceName, id: unknown, field = 'name'): Promise<string | undefined> {
    return ((await this.row(resource, id))?.[field] as string | undefined) ?? undefined;
  }

  /** account, accountid, domainid, domain, domainpath of an owned resource. */
  async owner(r: Row) {
    const domain = await this.row('tenantDomains', r.tenantDomainId);
    return {
      account: await this.name('accounts', r.accountId),
      accountid: r.accountId,
      domainid: r.tenantDomainId,
      domain: domain?.name,
      domainpath: domain?.path,
    };
  }
}

export const zoneOf = (z: Row) =>
  compact({
    id: z.id,
    name: z.name,
    networktype: z.networkType,
    allocationstate: z.allocationState,
    dns1: z.dns1,
    dns2: z.dns2,
    internaldns1: z.internalDns1,
    internaldns2: z.internalDns2,
    guestcidraddress: z.guestCidr,
    localstorageenabled: z.localStorageEnabled,
    securitygroupsenabled: false,
    type: 'Core',
    tags: [],
  });

const sizingOf = (o: Row) => (o.sizing ?? {}) as Record<string, unknown>;

export const serviceOfferingOf = (o: Row) =>
  compact({
    id: o.id,
    name: o.name,
    displaytext: o.displayText,
    cpunumber: o.cpuNumber,
    cpuspeed: o.cpuSpeedMhz,
    memory: o.memoryMib,
    created: csDate(o.createdAt),
    storagetype: o.storageType,
    offerha: o.offerHa,
    limitcpuuse: o.limitCpuUse,
    issystem: o.isSystem,
    iscustomized: o.custom,
    hosttags: (o.hostTags as string[] | undefined)?.join(',') || undefined,
    storagetags: (o.storageTags as string[] | undefined)?.join(',') || undefined,
    networkrate: o.networkRateMbps,
    dynamicscalingenabled: o.dynamicScalingEnabled,
    deploymentplanner: o.deploymentPlanner,
    zoneid: (o.zoneIds as string[] | undefined)?.join(',') || undefined,
    domainid: (o.domainIds as string[] | undefined)?.join(',') || undefined,
    state: o.state === 'Active' ? 'Active' : o.state,
    isvolatile: false,
    defaultuse: false,
  });

export const diskOfferingOf = (o: Row) => {
  const qos = (o.qos ?? {}) as Record<string, unknown>;
  return compact({
    id: o.id,
    name: o.name,
    displaytext: o.displayText,
    disksize: o.sizeGib,
    iscustomized: o.custom,
    storagetype: o.storageType,
    tags: (o.storageTags as string[] | undefined)?.join(',') || undefined,
    created: csDate(o.createdAt),
    miniops: qos.minIops,
    maxiops: qos.maxIops,
    provisioningtype: (sizingOf(o).provisioningType as string | undefined) ?? 'thin',
    zoneid: (o.zoneIds as string[] | undefined)?.join(',') || undefined,
    domainid: (o.domainIds as string[] | undefined)?.join(',') || undefined,
    displayoffering: true,
    iscustomizediops: false,
  });
};

type ZoneCopy = { zoneId: string; ready?: boolean; status?: string; downloadPercent?: number };

/** One template (or ISO) per zone it is in, as listTemplates answers. */
export const templatesOf = async (names: Names, t: Row): Promise<Record<string, unknown>[]> => {
  const owner = await names.owner(t);
  const copies = Object.values((t.zones ?? {}) as Record<string, ZoneCopy>);
  return Promise.all(
    copies.map(async (copy) =>
      compact({
        id: t.id,
        name: t.name,
        displaytext: t.displayText,
        ispublic: t.isPublic,
        isfeatured: t.isFeatured,
        isextractable: false,
        isready: copy.ready === true,
        passwordenabled: t.passwordEnabled,
        isdynamicallyscalable: t.dynamicallyScalable,
        bootable: t.kind === 'ISO' ? t.bootable : undefined,
        crossZones: t.crossZones,
        created: csDate(t.createdAt),
        format: t.format,
        hypervisor: t.hypervisor,
        ostypename: t.osType,
        ...owner,
        zoneid: copy.zoneId,
        zonename: await names.name('zones', copy.zoneId),
        status: copy.ready ? 'Download Complete' : (copy.status ?? 'Not Downloaded'),
        size: t.sizeBytes,
        templatetype: 'USER',
        requireshvm: false,
        sshkeyenabled: false,
        directdownload: false,
        deployasis: false,
        tags: [],
      }),
    ),
  );
};

export const virtualMachineOf = async (names: Names, vm: Row) => {
  const [zone, offering, template, host, owner] = await Promise.all([
    names.name('zones', vm.zoneId),
    names.row('serviceOfferings', vm.serviceOfferingId),
    names.row('images', vm.templateId ?? vm.isoId),
    names.name('hosts', vm.hostId),
    names.owner(vm),
  ]);
  const admin = names.isAdmin;
  return compact({
    id: vm.id,
    name: vm.name,
    displayname: vm.displayName,
    state: vm.state,
    created: csDate(vm.createdAt),
    lastupdated: csDate(vm.updatedAt),
    ...owner,
    userid: vm.userId,
    zoneid: vm.zoneId,
    zonename: zone,
    ...(admin ? { hostid: vm.hostId, hostname: host, podid: vm.podId, clusterid: vm.clusterId } : {}),
    templateid: vm.templateId,
    templatename: vm.templateId ? template?.name : undefined,
    templatedisplaytext: vm.templateId ? template?.displayText : undefined,
    isoid: vm.isoId,
    isoname: vm.isoId ? template?.name : undefined,
    serviceofferingid: vm.serviceOfferingId,
    serviceofferingname: offering?.name,
    cpunumber: vm.cpuNumber,
    cpuspeed: vm.cpuSpeedMhz,
    memory: vm.memoryMib,
    hypervisor: vm.hypervisor,
    osdisplayname: template?.osType,
    haenable: vm.haEnabled,
    isdynamicallyscalable: vm.dynamicScalingEnabled,
    passwordenabled: template?.passwordEnabled ?? false,
    displayvm: true,
    group: vm.groupName,
    rootdeviceid: 0,
    rootdevicetype: 'ROOT',
    nic: [],
    securitygroup: [],
    affinitygroup: [],
    tags: [],
    details: {},
  });
};

export const volumeOf = async (names: Names, v: Row) => {
  const [zone, offering, vm, owner] = await Promise.all([
    names.name('zones', v.zoneId),
    names.row('diskOfferings', v.diskOfferingId),
    names.row('vms', v.vmId),
    names.owner(v),
  ]);
  return compact({
    id: v.id,
    name: v.name,
    type: v.type,
    state: v.state,
    size: v.sizeBytes,
    virtualsize: v.sizeBytes,
    created: csDate(v.createdAt),
    ...owner,
    zoneid: v.zoneId,
    zonename: zone,
    deviceid: v.deviceId,
    virtualmachineid: v.vmId,
    vmname: vm?.name,
    vmdisplayname: vm?.displayName,
    vmstate: vm?.state,
    diskofferingid: v.diskOfferingId,
    diskofferingname: offering?.name,
    diskofferingdisplaytext: offering?.displayText,
    templateid: v.templateId,
    snapshotid: v.fromSnapshotId,
    ...(names.isAdmin ? { storageid: v.poolId, storage: await names.name('storagePools', v.poolId) } : {}),
    storagetype: 'shared',
    provisioningtype: 'thin',
    destroyed: v.state === 'Destroy',
    isextractable: false,
    displayvolume: true,
    quiescevm: false,
    tags: [],
    ...(v.pendingOperation ? { status: v.pendingOperation } : {}),
  });
};

export const snapshotOf = async (names: Names, s: Row) => {
  const volume = await names.row('volumes', s.volumeId);
  return compact({
    id: s.id,
    name: s.name,
    volumeid: s.volumeId,
    volumename: volume?.name,
    volumetype: volume?.type,
    snapshottype: s.snapshotType,
    intervaltype: s.snapshotType === 'MANUAL' ? undefined : s.snapshotType,
    state: s.state,
    created: csDate(s.createdAt),
    physicalsize: s.physicalSizeBytes,
    virtualsize: s.volumeSizeBytes,
    ...(await names.owner(s)),
    zoneid: s.zoneId,
    zonename: await names.name('zones', s.zoneId),
    revertable: true,
    locationtype: 'SECONDARY',
    tags: [],
  });
};

export const eventOf = async (names: Names, e: Row) =>
  compact({
    id: e.id,
    type: e.type,
    level: e.level,
    description: e.description,
    state: e.state,
    created: csDate(e.createdAt),
    username: await names.name('users', e.userId, 'username'),
    resourceid: e.resourceId,
    resourcetype: e.resourceType,
    resourcename: e.resourceName,
    ...(e.accountId ? await names.owner(e) : {}),
  });

export { GiB };
