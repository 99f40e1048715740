import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import {
  addHost,
  createCluster,
  createPod,
  createZone,
} from '../../../src/commands/admin/infrastructure/index.ts';
import {
  cancelHostMaintenance,
  HostMonitor,
  type MigrateVm,
  maintenanceWorkflows,
  prepareHostForMaintenance,
} from '../../../src/commands/admin/maintenance/index.ts';
import { vmIdsOnHost } from '../../../src/commands/admin/maintenance/vmsOnHost.ts';
import type { Host } from '../../../src/domain/host/index.ts';
import {
  as,
  callerOf,
  closeWorld,
  jobEnd,
  openWorld,
  refusal,
  rootAdmin,
  startExecutor,
  until,
  type World,
} from './support.ts';

let w: World;
let simulator: SimulatorDriver;
let cloud: { zoneId: string; podId: string; clusterId: string; hosts: string[]; position: string | null };
const size = { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 };

beforeEach(async () => {
  w = await openWorld();
  simulator = new SimulatorDriver({ heartbeatIntervalMs: 20 });
  const deps = { bus: w.bus, simulator };
  const { zoneId } = await createZone(deps, as(rootAdmin), {
    name: 'z1',
    networkType: 'Basic',
    dns1: '8.8.8.8',
    internalDns1: '10.0.0.2',
    localStorageEnabled: true,
  });
  const { podId } = await createPod(deps, as(rootAdmin), {
    zoneId,
    name: 'p1',
    gateway: '192.168.1.1',
    netmask: '255.255.255.0',
    startIp: '192.168.1.10',
    endIp: '192.168.1.200',
  });
  const { clusterId } = await createCluster(deps, as(rootAdmin), {
    podId,
    name: 'c1',
    hypervisor: 'Simulator',
  });
  const hosts: string[] = [];
  let position: string | null = null;
  for (const name of ['h1', 'h2', 'h3']) {
    const added = await addHost(deps, as(rootAdmin), {
      clusterId,
      name,
      cpuCores: 8,
      cpuSpeedMhz: 2000,
      memoryMiB: 16384,
    });
    hosts.push(added.hostId);
    position = added.position;
  }
  cloud = { zoneId, podId, clusterId, hosts, position };
});
afterEach(async () => {
  await simulator.close();
  await closeWorld(w);
});

const system = () => as(rootAdmin).ctx;

const offering = async (storageType: 'shared' | 'local') => {
  const offeringId = randomUUID();
  await w.bus.execute(
    'serviceOffering',
    offeringId,
    {
      type: 'CreateServiceOffering',
      data: {
        offeringId,
        name: `so-${storageType}`,
        sizing: { kind: 'fixed', ...size },
        networkRateMbps: null,
        offerHa: true,
        storageType,
        hostTags: [],
        storageTags: [],
        dynamicScalingEnabled: false,
        limitCpuUse: false,
        isSystem: false,
        domainIds: [],
        zoneIds: [],
        deploymentPlanner: null,
        now: w.bus.now(),
      },
    },
    system(),
  );
  return offeringId;
};

/** A VM running on a host, as the VM side leaves it: Running, with committed capacity on the host. */
const runningVm = async (
  hostId: string,
  { haEnabled = false, storage = 'shared' as 'shared' | 'local' } = {},
) => {
  const vmId = randomUUID();
  const serviceOfferingId = await offering(storage);
  await w.bus.execute(
    'vm',
    vmId,
    {
      type: 'DeployVm',
      data: {
        vmId,
        name: `vm-${vmId.slice(0, 8)}`,
        displayName: 'vm',
        accountId: randomUUID(),
        tenantDomainId: randomUUID(),
        userId: randomUUID(),
        zoneId: cloud.zoneId,
        serviceOfferingId,
        size,
        image: { kind: 'template', templateId: randomUUID() },
        rootVolumeId: randomUUID(),
        hypervisor: 'Simulator',
        group: null,
        haEnabled,
        dynamicallyScalable: false,
        startVm: true,
        now: w.bus.now(),
      },
    },
    system(),
  );
  await placeOn(vmId, hostId);
  await w.bus.execute(
    'vm',
    vmId,
    { type: 'RequestVmStart', data: { vmId, hostId, podId: cloud.podId, clusterId: cloud.clusterId } },
    system(),
  );
  await w.bus.execute('vm', vmId, { type: 'CompleteVmStart', data: { vmId } }, system());
  return vmId;
};

const placeOn = async (vmId: string, hostId: string) => {
  const reservationId = randomUUID();
  const now = new Date();
  await w.bus.execute(
    'host',
    hostId,
    {
      type: 'ReserveHostCapacity',
      data: {
        hostId,
        reservationId,
        vmId,
        ...size,
        now: now.toISOString(),
        expiresAt: new Date(+now + 60_000).toISOString(),
      },
    },
    system(),
  );
  await w.bus.execute(
    'host',
    hostId,
    { type: 'CommitHostCapacity', data: { hostId, reservationId } },
    system(),
  );
};

/** What the VM side's migrateVm does, in short: room on the target, the migration, the source released. */
const migrations: string[] = [];
const fakeMigrate: MigrateVm = async (vmId) => {
  const vm = (await w.bus.load('vm', vmId)).state;
  if (vm.status === 'Initial' || vm.placement === null) throw new Error('not placed');
  const source = vm.placement.hostId;
  const target = cloud.hosts.find((h) => h !== source && h !== cloud.hosts[0])!;
  await placeOn(vmId, target);
  await w.bus.execute(
    'vm',
    vmId,
    {
      type: 'RequestVmMigration',
      data: {
        vmId,
        targetHostId: target,
        targetPodId: cloud.podId,
        targetClusterId: cloud.clusterId,
        usesLocalStorage: false,
        callerIsRootAdmin: true,
      },
    },
    system(),
  );
  await w.bus.execute('vm', vmId, { type: 'CompleteVmMigration', data: { vmId } }, system());
  await w.bus.execute(
    'host',
    source,
    { type: 'ReleaseHostCapacity', data: { hostId: source, vmId } },
    system(),
  );
  migrations.push(vmId);
};

const host = async (hostId: string) => (await w.bus.load('host', hostId)).state as Host;

describe('host maintenance', () => {
  beforeEach(() => {
    migrations.length = 0;
  });

  it('migrates every VM away through the hook, then puts the host in Maintenance', async () => {
    const h1 = cloud.hosts[0]!;
    const vms = [await runningVm(h1), await runningVm(h1)];
    startExecutor(w, simulator, maintenanceWorkflows({ migrateVm: fakeMigrate }));
    const { jobId } = await prepareHostForMaintenance({ bus: w.bus }, as(rootAdmin), { hostId: h1 });
    expect(await jobEnd(w, jobId)).toMatchObject({
      status: 'succeeded',
      result: { resourceState: 'Maintenance', migratedVmIds: [...vms].sort() },
    });
    expect(vmIdsOnHost(await host(h1))).toEqual([]);
    expect((await host(h1)).resourceState).toBe('Maintenance');
    for (const vmId of vms)
      expect((await w.bus.load('vm', vmId)).state).toMatchObject({
        status: 'Running',
        placement: { hostId: cloud.hosts[1] },
      });
    const cancel = await cancelHostMaintenance({ bus: w.bus }, as(rootAdmin), { hostId: h1 });
    expect(await jobEnd(w, cancel.jobId)).toMatchObject({
      status: 'succeeded',
      result: { resourceState: 'Enabled' },
    });
  });

  it('fails with the reason and leaves the host in ErrorInPrepareForMaintenance when a VM cannot move', async () => {
    const h1 = cloud.hosts[0]!;
    const vm = await runningVm(h1);
    startExecutor(
      w,
      simulator,
      maintenanceWorkflows({
        migrateVm: async () => {
          throw new Error('no host has room');
        },
      }),
    );
    const { jobId } = await prepareHostForMaintenance({ bus: w.bus }, as(rootAdmin), { hostId: h1 });
    const job = await jobEnd(w, jobId);
    expect(job).toMatchObject({ status: 'failed', errorCode: 431 });
    expect((job as { errorText: string }).errorText).toContain('no host has room');
    expect((await host(h1)).resourceState).toBe('ErrorInPrepareForMaintenance');
    expect(vmIdsOnHost(await host(h1))).toEqual([vm]);
    const cancel = await cancelHostMaintenance({ bus: w.bus }, as(rootAdmin), { hostId: h1 });
    expect(await jobEnd(w, cancel.jobId)).toMatchObject({ result: { resourceState: 'Enabled' } });
  });

  it('refuses while another host of the cluster is preparing, and refuses non-admins', async () => {
    const [h1, h2] = cloud.hosts as [string, string];
    await w.bus.execute(
      'host',
      h2,
      {
        type: 'PrepareHostForMaintenance',
        data: {
          hostId: h2,
          clusterHostsPreparing: 0,
          vmsStarting: 0,
          vmsStopping: 0,
          vmsInError: 0,
          vmsMigratingIn: 0,
        },
      },
      system(),
    );
    startExecutor(w, simulator, maintenanceWorkflows({ migrateVm: fakeMigrate }));
    const { jobId } = await prepareHostForMaintenance({ bus: w.bus }, as(rootAdmin), { hostId: h1 });
    expect(await jobEnd(w, jobId)).toMatchObject({
      status: 'failed',
      errorText: expect.stringContaining('Another host'),
    });
    expect((await host(h1)).resourceState).toBe('Enabled');
    for (const role of ['DomainAdmin', 'User'] as const) {
      expect(
        (await refusal(prepareHostForMaintenance({ bus: w.bus }, as(callerOf(role)), { hostId: h1 }))).kind,
      ).toBe('forbidden');
      expect(
        (await refusal(cancelHostMaintenance({ bus: w.bus }, as(callerOf(role)), { hostId: h1 }))).kind,
      ).toBe('forbidden');
    }
  });
});

describe('host down → HA', () => {
  it('declares a silent host down, restarts its HA VMs elsewhere and fences the others; other hosts stay Up', async () => {
    const [h1, h2] = cloud.hosts as [string, string];
    const ha = await runningVm(h1, { haEnabled: true });
    const plain = await runningVm(h1);
    const local = await runningVm(h1, { haEnabled: true, storage: 'local' });
    const elsewhere = await runningVm(h2, { haEnabled: true });
    const restarted: string[] = [];
    const monitor = new HostMonitor({
      bus: w.bus,
      driver: simulator,
      // As the VM side would: fence it, then start it on a live host (leaving the dead host's share behind).
      restartVmElsewhere: async (vmId) => {
        restarted.push(vmId);
        await w.bus.execute(
          'vm',
          vmId,
          { type: 'HostDownForVm', data: { vmId, hostId: h1, reason: 'HA' } },
          system(),
        );
        await placeOn(vmId, h2);
        await w.bus.execute(
          'vm',
          vmId,
          {
            type: 'RequestVmStart',
            data: { vmId, hostId: h2, podId: cloud.podId, clusterId: cloud.clusterId },
          },
          system(),
        );
        await w.bus.execute('vm', vmId, { type: 'CompleteVmStart', data: { vmId } }, system());
      },
      timeoutMs: 300,
      checkIntervalMs: 50,
    });
    monitor.start();
    try {
      await new Promise((r) => setTimeout(r, 400));
      expect((await host(h1)).status).toBe('Up');
      simulator.takeHostDown(h1);
      await until(
        async () => (await host(h1)).status === 'Down' && vmIdsOnHost(await host(h1)).length === 0,
        5000,
      );
      expect(
        (await w.store.readStream(`host-${h1}`))
          .filter((e) => e.type === 'HostStatusChanged')
          .map((e) => (e.data as { event: string }).event),
      ).toEqual(['AgentConnected', 'Ready', 'PingTimeout', 'HostDown']);
      for (const vmId of [plain, local])
        expect((await w.bus.load('vm', vmId)).state).toMatchObject({ status: 'Stopped', placement: null });
      expect((await w.bus.load('vm', ha)).state).toMatchObject({
        status: 'Running',
        placement: { hostId: h2 },
      });
      // Later passes neither restart the HA VM again nor touch the live host.
      await new Promise((r) => setTimeout(r, 300));
      expect(restarted).toEqual([ha]);
      expect((await host(h2)).status).toBe('Up');
      expect(vmIdsOnHost(await host(h2)).sort()).toEqual([ha, elsewhere].sort());
      expect((await w.bus.load('vm', elsewhere)).state).toMatchObject({ status: 'Running' });

      simulator.bringHostUp(h1);
      await until(async () => (await host(h1)).status === 'Up', 5000);
    } finally {
      await monitor.stop();
    }
  });
});
