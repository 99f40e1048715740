import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../src/adapters/eventstore/port.ts';
import type { AggregateName, CommandOf } from '../../../src/commands/aggregates.ts';
import type { CommandBus } from '../../../src/commands/commandBus.ts';
import type { CommandContext } from '../../../src/commands/context.ts';
import { encodeEvent } from '../../../src/domain/events.ts';
import type { ResourceType } from '../../../src/domain/limits/index.ts';
import { streamName } from '../../../src/domain/shared/index.ts';
import { type Caller, defaultRoles, type RoleType } from '../../../src/domain/tenancy/roles.ts';

/**
 * Builds a small cloud through the command bus, as an admin would (zones, pods, clusters, hosts up
 * and enabled, pools, an offering, a ready template) and a tenancy tree (domains, accounts, limits).
 * Shared by the VM tests and the deploy benchmark.
 */

const system = (): CommandContext => {
  const id = randomUUID();
  return { commandId: id, correlationId: id, actor: { userId: 'system' } };
};

export const GiB = 1024 ** 3;

export type HostSpec = {
  readonly cpuCores: number;
  readonly cpuSpeedMhz: number;
  readonly memoryMiB: number;
};
export type Account = {
  readonly accountId: string;
  readonly tenantDomainId: string;
  readonly caller: Caller;
};

const runAll = async <T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
};

export class Cloud {
  readonly zoneId = randomUUID();
  readonly rootDomainId = randomUUID();
  readonly offeringId = randomUUID();
  readonly bigOfferingId = randomUUID();
  readonly templateId = randomUUID();
  readonly templateBytes = 2 * GiB;
  readonly hosts: string[] = [];
  readonly pools: string[] = [];
  readonly clusters: { clusterId: string; podId: string }[] = [];
  rootAdmin!: Account;

  constructor(
    readonly bus: CommandBus,
    readonly store: EventStore,
  ) {}

  private run<K extends AggregateName>(aggregate: K, id: string, command: CommandOf<K>) {
    return this.bus.execute(aggregate, id, command, system());
  }

  /** Zone (enabled), the ROOT domain with a root admin account, a 1 vCPU/1 GiB offering, a 2 GiB template. */
  async base(): Promise<this> {
    const zoneId = this.zoneId;
    await this.run('zone', zoneId, {
      type: 'CreateZone',
      data: {
        zoneId,
        name: `zone-${zoneId.slice(0, 8)}`,
        networkType: 'Basic',
        dns1: '8.8.8.8',
        internalDns1: '10.0.0.2',
        localStorageEnabled: false,
      },
    });
    await this.run('zone', zoneId, { type: 'EnableZone', data: { zoneId } });
    await this.run('tenantDomain', this.rootDomainId, {
      type: 'CreateTenantDomain',
      data: {
        tenantDomainId: this.rootDomainId,
        name: 'ROOT',
        parentId: null,
        parentPath: null,
        now: this.bus.now(),
      },
    });
    this.rootAdmin = await this.account(this.rootDomainId, 'ROOT', 'RootAdmin', 'Admin');
    await this.offering(this.offeringId, { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 });
    await this.offering(this.bigOfferingId, { cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 2048 });
    await this.run('image', this.templateId, {
      type: 'RegisterTemplate',
      data: {
        imageId: this.templateId,
        name: 'tiny-linux',
        ownerAccountId: this.rootAdmin.accountId,
        tenantDomainId: this.rootDomainId,
        caller: { accountId: this.rootAdmin.accountId, isAdmin: true },
        allowPublicUserTemplates: true,
        isPublic: true,
        isFeatured: false,
        now: this.bus.now(),
        zoneIds: [zoneId],
        crossZones: false,
        format: 'QCOW2',
        hypervisor: 'Simulator',
        osType: 'Linux',
        passwordEnabled: false,
        dynamicallyScalable: true,
        url: 'http://images.example/tiny.qcow2',
      },
    });
    await this.run('image', this.templateId, {
      type: 'RecordTemplateDownload',
      data: {
        imageId: this.templateId,
        zoneId,
        report: {
          status: 'DOWNLOADED',
          sizeBytes: this.templateBytes,
          physicalSizeBytes: this.templateBytes,
        },
      },
    });
    return this;
  }

  async offering(offeringId: string, size: { cpuNumber: number; cpuSpeedMhz: number; memoryMiB: number }) {
    await this.run('serviceOffering', offeringId, {
      type: 'CreateServiceOffering',
      data: {
        offeringId,
        name: `so-${size.cpuNumber}x${size.memoryMiB}`,
        sizing: { kind: 'fixed', ...size },
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
        now: this.bus.now(),
      },
    });
  }

  /** `clusters` clusters of `hostsPerCluster` hosts, each cluster with one NFS pool of `poolBytes`. */
  async infrastructure({
    clusters,
    hostsPerCluster,
    host,
    poolBytes,
    poolOverprovisioning = 1,
    concurrency = 8,
  }: {
    clusters: number;
    hostsPerCluster: number;
    host: HostSpec;
    poolBytes: number;
    poolOverprovisioning?: number;
    concurrency?: number;
  }): Promise<this> {
    const zoneId = this.zoneId;
    const podId = randomUUID();
    await this.run('pod', podId, {
      type: 'CreatePod',
      data: {
        podId,
        zoneId,
        name: `pod-${podId.slice(0, 8)}`,
        gateway: '10.1.0.1',
        netmask: '255.255.0.0',
        startIp: '10.1.0.10',
        endIp: '10.1.255.250',
      },
    });
    await this.run('pod', podId, { type: 'EnablePod', data: { podId } });
    const newClusters = Array.from({ length: clusters }, () => ({ clusterId: randomUUID(), podId }));
    this.clusters.push(...newClusters);
    await runAll(newClusters, concurrency, async ({ clusterId }) => {
      await this.run('cluster', clusterId, {
        type: 'CreateCluster',
        data: { clusterId, zoneId, podId, name: `cluster-${clusterId.slice(0, 8)}`, hypervisor: 'Simulator' },
      });
      await this.run('cluster', clusterId, { type: 'EnableCluster', data: { clusterId } });
      const poolId = randomUUID();
      this.pools.push(poolId);
      await this.run('storagePool', poolId, {
        type: 'CreateStoragePool',
        data: {
          poolId,
          zoneId,
          podId,
          clusterId,
          scope: 'Cluster',
          name: `pool-${poolId.slice(0, 8)}`,
          type: 'NFS',
          hypervisor: 'Simulator',
          capacityBytes: poolBytes,
          overprovisioning: poolOverprovisioning,
          tags: [],
        },
      });
    });
    const hosts = newClusters.flatMap(({ clusterId }) =>
      Array.from({ length: hostsPerCluster }, (_, i) => ({ clusterId, hostId: randomUUID(), i })),
    );
    await runAll(hosts, concurrency, async ({ clusterId, hostId, i }) => {
      await this.addHost(hostId, clusterId, podId, host, i);
    });
    return this;
  }

  async addHost(hostId: string, clusterId: string, podId: string, host: HostSpec, clusterHostCount = 0) {
    this.hosts.push(hostId);
    await this.run('host', hostId, {
      type: 'AddHost',
      data: {
        hostId,
        zoneId: this.zoneId,
        podId,
        clusterId,
        name: `host-${hostId.slice(0, 8)}`,
        hypervisor: 'Simulator',
        clusterHypervisor: 'Simulator',
        clusterHostCount,
        ...host,
        tags: [],
        cpuOverprovisioning: 1,
        memoryOverprovisioning: 1,
      },
    });
    await this.run('host', hostId, {
      type: 'RecordHostStatusEvent',
      data: { hostId, event: 'AgentConnected' },
    });
    await this.run('host', hostId, { type: 'RecordHostStatusEvent', data: { hostId, event: 'Ready' } });
  }

  /**
   * A child domain of `parentId`. The two-stream creation (the parent's name registry first) is the
   * admin operations' job; here both events are recorded straight away.
   */
  async domain(
    parentId: string,
    parentPath: string,
    name: string,
  ): Promise<{ tenantDomainId: string; path: string }> {
    const tenantDomainId = randomUUID();
    const path = `${parentPath}/${name}`;
    await this.recordDomainEvent(parentId, {
      type: 'ChildDomainAdded',
      data: { tenantDomainId: parentId, childId: tenantDomainId, name },
    });
    await this.recordDomainEvent(tenantDomainId, {
      type: 'TenantDomainCreated',
      data: { tenantDomainId, name, parentId, path, createdAt: this.bus.now() },
    });
    return { tenantDomainId, path };
  }

  private async recordDomainEvent(id: string, event: { type: string; data: unknown }) {
    const encoded = encodeEvent(event);
    await this.store.append(
      streamName('tenantdomain', id),
      [
        {
          id: randomUUID(),
          type: event.type,
          data: encoded.data,
          metadata: { schemaVersion: encoded.schemaVersion },
        },
      ],
      'any',
    );
  }

  async account(
    tenantDomainId: string,
    tenantDomainPath: string,
    type: 'User' | 'RootAdmin' | 'DomainAdmin' = 'User',
    roleType: RoleType = 'User',
  ): Promise<Account> {
    const accountId = randomUUID();
    const role =
      roleType === 'Admin'
        ? defaultRoles.rootAdmin
        : roleType === 'DomainAdmin'
          ? defaultRoles.domainAdmin
          : defaultRoles.user;
    await this.run('account', accountId, {
      type: 'CreateAccount',
      data: {
        accountId,
        tenantDomainId,
        name: `acct-${accountId.slice(0, 8)}`,
        type,
        roleId: role.roleId,
        roleType,
        now: this.bus.now(),
      },
    });
    return {
      accountId,
      tenantDomainId,
      caller: { userId: randomUUID(), accountId, tenantDomainId, tenantDomainPath, roleType },
    };
  }

  async accountLimit(account: Account, type: ResourceType, max: number) {
    await this.run('quotaAccount', account.accountId, {
      type: 'SetResourceLimit',
      data: {
        target: {
          kind: 'account',
          accountId: account.accountId,
          accountType: 'User',
          tenantDomainId: account.tenantDomainId,
          tenantDomainPath: account.caller.tenantDomainPath,
        },
        type,
        max,
        caller: this.rootAdmin.caller,
        now: this.bus.now(),
      },
    });
  }

  async domainLimit(
    domain: { tenantDomainId: string; path: string },
    parentId: string,
    type: ResourceType,
    max: number,
  ) {
    await this.run('quotaDomain', domain.tenantDomainId, {
      type: 'SetResourceLimit',
      data: {
        target: {
          kind: 'domain',
          tenantDomainId: domain.tenantDomainId,
          parentId,
          tenantDomainPath: domain.path,
          parentLimit: -1,
        },
        type,
        max,
        caller: this.rootAdmin.caller,
        now: this.bus.now(),
      },
    });
  }
}
