import { randomUUID } from 'node:crypto';
import { createPostgresEventStore, type EventStore } from '../../../src/adapters/eventstore/index.ts';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import { CommandBus } from '../../../src/commands/commandBus.ts';
import { JobExecutor } from '../../../src/commands/jobs/jobExecutor.ts';
import { createStorageWorkflows, sqlLookup } from '../../../src/commands/storage/index.ts';
import { bytesPerGiB } from '../../../src/domain/offering/disk/index.ts';
import type { Caller } from '../../../src/domain/tenancy/roles.ts';
import { defaultRoles } from '../../../src/domain/tenancy/roles.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { createZone, ctx } from '../support.ts';

export const GiB = bytesPerGiB;

/**
 * A small cloud on a real PostgreSQL for the storage workflows: ROOT and a child tenant domain, a
 * root admin and a user account, a zone, one Simulator cluster with two NFS pools, disk offerings,
 * and helpers to make VMs Stopped or Running with their ROOT volume on a pool.
 */
export type Cloud = Awaited<ReturnType<typeof createCloud>>;

export const until = async (check: () => Promise<boolean> | boolean, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

export const createCloud = async (options: { poolCapacityGiB?: number; clock?: () => Date } = {}) => {
  const db: TestDatabase = await createTestDatabase();
  const store: EventStore = createPostgresEventStore({ pool: db.pool, pollIntervalMs: 50 });
  const bus = new CommandBus(store, options.clock);
  const driver = new SimulatorDriver();
  const now = () => bus.now();

  const rootDomainId = randomUUID();
  const acmeDomainId = randomUUID();
  await bus.execute(
    'tenantDomain',
    rootDomainId,
    {
      type: 'CreateTenantDomain',
      data: { tenantDomainId: rootDomainId, name: 'ROOT', parentId: null, parentPath: null, now: now() },
    },
    ctx(),
  );
  // The child's own stream is all the storage side reads (path, parent); the parent's name registry isn't needed.
  await store.append(
    `tenantdomain-${acmeDomainId}`,
    [
      {
        id: randomUUID(),
        type: 'TenantDomainCreated',
        data: {
          tenantDomainId: acmeDomainId,
          name: 'acme',
          parentId: rootDomainId,
          path: 'ROOT/acme',
          createdAt: now(),
        },
      },
    ],
    'no_stream',
  );

  const account = async (tenantDomainId: string, type: 'User' | 'RootAdmin', name: string) => {
    const accountId = randomUUID();
    const role = type === 'RootAdmin' ? defaultRoles.rootAdmin : defaultRoles.user;
    await bus.execute(
      'account',
      accountId,
      {
        type: 'CreateAccount',
        data: { accountId, tenantDomainId, name, type, roleId: role.roleId, roleType: role.type, now: now() },
      },
      ctx(),
    );
    return accountId;
  };
  const adminAccountId = await account(rootDomainId, 'RootAdmin', 'admin');
  const userAccountId = await account(acmeDomainId, 'User', 'alice');
  const otherAccountId = await account(acmeDomainId, 'User', 'bob');

  const admin: Caller = {
    userId: randomUUID(),
    accountId: adminAccountId,
    tenantDomainId: rootDomainId,
    tenantDomainPath: 'ROOT',
    roleType: 'Admin',
  };
  const user: Caller = {
    userId: randomUUID(),
    accountId: userAccountId,
    tenantDomainId: acmeDomainId,
    tenantDomainPath: 'ROOT/acme',
    roleType: 'User',
  };
  const otherUser: Caller = { ...user, userId: randomUUID(), accountId: otherAccountId };

  const zoneId = randomUUID();
  await bus.execute('zone', zoneId, createZone(zoneId), ctx());
  const podId = randomUUID();
  const clusterId = randomUUID();
  const hostId = randomUUID();
  driver.addHost(hostId);

  const pool = async (name: string, capacityGiB: number) => {
    const poolId = randomUUID();
    await bus.execute(
      'storagePool',
      poolId,
      {
        type: 'CreateStoragePool',
        data: {
          poolId,
          zoneId,
          scope: 'Cluster',
          podId,
          clusterId,
          name,
          type: 'NFS',
          hypervisor: 'Simulator',
          capacityBytes: capacityGiB * GiB,
          overprovisioning: 1,
          tags: [],
        },
      },
      ctx(),
    );
    return poolId;
  };
  const poolIds = [
    await pool('primary-1', options.poolCapacityGiB ?? 1000),
    await pool('primary-2', options.poolCapacityGiB ?? 1000),
  ];

  const offering = async (
    sizing: { kind: 'fixed'; sizeGiB: number } | { kind: 'custom'; minSizeGiB: null; maxSizeGiB: null },
  ) => {
    const offeringId = randomUUID();
    await bus.execute(
      'diskOffering',
      offeringId,
      {
        type: 'CreateDiskOffering',
        data: {
          offeringId,
          name: `disk-${offeringId.slice(0, 6)}`,
          sizing,
          storageType: 'shared',
          storageTags: [],
          domainIds: [],
          zoneIds: [],
          now: now(),
        },
      },
      ctx(),
    );
    return offeringId;
  };
  const smallOffering = await offering({ kind: 'fixed', sizeGiB: 10 });
  const customOffering = await offering({ kind: 'custom', minSizeGiB: null, maxSizeGiB: null });

  /** A VM of `accountId` with its ROOT volume created on the first pool; Running unless told Stopped. */
  const vm = async (opts: { accountId?: string; running?: boolean; rootOnPool?: boolean } = {}) => {
    const vmId = randomUUID();
    const rootVolumeId = randomUUID();
    const owner = opts.accountId ?? userAccountId;
    const tenantDomainId = owner === adminAccountId ? rootDomainId : acmeDomainId;
    await bus.execute(
      'vm',
      vmId,
      {
        type: 'DeployVm',
        data: {
          vmId,
          name: `vm-${vmId.slice(0, 8)}`,
          displayName: 'test vm',
          accountId: owner,
          tenantDomainId,
          userId: randomUUID(),
          zoneId,
          serviceOfferingId: randomUUID(),
          size: { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 },
          image: { kind: 'template', templateId: randomUUID() },
          rootVolumeId,
          hypervisor: 'Simulator',
          group: null,
          haEnabled: false,
          dynamicallyScalable: false,
          startVm: false,
          now: now(),
        },
      },
      ctx(),
    );
    await bus.execute(
      'volume',
      rootVolumeId,
      {
        type: 'CreateRootVolume',
        data: {
          volumeId: rootVolumeId,
          vmId,
          name: `ROOT-${vmId.slice(0, 8)}`,
          accountId: owner,
          tenantDomainId,
          zoneId,
          sizeBytes: 8 * GiB,
          now: now(),
        },
      },
      ctx(),
    );
    if (opts.rootOnPool ?? true) {
      await bus.execute(
        'volume',
        rootVolumeId,
        { type: 'PlaceVolume', data: { volumeId: rootVolumeId, poolId: poolIds[0]! } },
        ctx(),
      );
      await bus.execute(
        'volume',
        rootVolumeId,
        { type: 'CompleteVolumeCreation', data: { volumeId: rootVolumeId } },
        ctx(),
      );
    }
    if (opts.running ?? true) {
      await bus.execute(
        'vm',
        vmId,
        { type: 'RequestVmStart', data: { vmId, hostId, podId, clusterId } },
        ctx(),
      );
      await bus.execute('vm', vmId, { type: 'CompleteVmStart', data: { vmId } }, ctx());
    }
    return { vmId, rootVolumeId };
  };

  const lookup = sqlLookup(db.pool);
  const executor = new JobExecutor({
    bus,
    store,
    pool: db.pool,
    driver,
    workflows: createStorageWorkflows({ lookup }),
    standbyRetryMs: 50,
  });
  executor.start();

  const jobState = async (jobId: string) => (await bus.load('job', jobId)).state;
  /** Waits for the job to end and returns its final state. */
  const settle = async (jobId: string) => {
    await until(async () => (await jobState(jobId))?.status !== 'pending');
    return (await jobState(jobId))!;
  };

  const accountLedger = async (accountId = userAccountId) =>
    (await bus.load('quotaAccount', accountId)).state;
  const domainLedger = async (tenantDomainId = acmeDomainId) =>
    (await bus.load('quotaDomain', tenantDomainId)).state;
  const poolState = async (poolId: string) => (await bus.load('storagePool', poolId)).state!;
  const volume = async (volumeId: string) => (await bus.load('volume', volumeId)).state!;
  const snapshot = async (snapshotId: string) => (await bus.load('snapshot', snapshotId)).state!;

  return {
    db,
    store,
    bus,
    driver,
    executor,
    deps: { bus, lookup },
    rootDomainId,
    acmeDomainId,
    adminAccountId,
    userAccountId,
    otherAccountId,
    admin,
    user,
    otherUser,
    zoneId,
    podId,
    clusterId,
    hostId,
    poolIds,
    smallOffering,
    customOffering,
    vm,
    settle,
    accountLedger,
    domainLedger,
    poolState,
    volume,
    snapshot,
    as: (caller: Caller, overrides: Parameters<typeof ctx>[0] = {}) => ({
      caller,
      ctx: ctx({
        actor: { userId: caller.userId, accountId: caller.accountId, tenantDomainId: caller.tenantDomainId },
        ...overrides,
      }),
    }),
    async close() {
      await executor.stop();
      await driver.close();
      await store.close();
      await db.drop();
    },
  };
};
