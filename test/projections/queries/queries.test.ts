import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StaleReadError } from '../../../src/projections/consistency.ts';
import {
  clusterCapacity,
  hostCandidates,
  type Item,
  type ListFilters,
  type PageOptions,
  QueryError,
  queries,
} from '../../../src/projections/queries/index.ts';
import {
  clusters,
  hosts,
  pods,
  tenantDomains,
  vms,
  volumes,
  zones,
} from '../../../src/projections/readModels/index.ts';
import { type Harness, newId, startHarness } from '../readModels/harness.ts';

let h: Harness;
let q: ReturnType<typeof queries>;
const at = '2025-03-01T10:00:00.000Z';

// ROOT ─┬─ a ── a1
//       └─ b
const domains = { root: newId(), a: newId(), a1: newId(), b: newId() };
const accounts = { root: newId(), a: newId(), a1: newId(), b: newId() };
const states = ['Stopped', 'Running', 'Destroyed'] as const;
const zonesOf = ['zone-1', 'zone-2'];
type Vm = {
  id: string;
  name: string;
  key: keyof typeof domains;
  state: (typeof states)[number];
  zone: string;
};
const fleet: Vm[] = [];

const createDomain = (id: string, name: string, parentId: string | null, path: string) =>
  h.record(`tenantdomain-${id}`, [
    { type: 'TenantDomainCreated', data: { tenantDomainId: id, name, parentId, path, createdAt: at } },
  ]);

const recordVm = async (vm: Vm) => {
  const ref = { vmId: vm.id, accountId: accounts[vm.key], tenantDomainId: domains[vm.key], zoneId: vm.zone };
  const size = { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 };
  const usage = (hostId: string | null) => ({
    ...ref,
    name: vm.name,
    serviceOfferingId: 'o1',
    image: { kind: 'template' as const, templateId: 't1' },
    size,
    hypervisor: 'KVM' as const,
    hostId,
  });
  const created = {
    type: 'VmCreated' as const,
    data: {
      ...usage(null),
      displayName: `Display ${vm.name}`,
      userId: 'u1',
      rootVolumeId: `root-${vm.id}`,
      group: null,
      haEnabled: false,
      templateDynamicallyScalable: false,
      dynamicScalingEnabled: false,
      startVm: false,
      createdAt: at,
    },
  };
  const more =
    vm.state === 'Running'
      ? [
          {
            type: 'VmStartRequested' as const,
            data: { ...ref, hostId: `host-${vm.zone}`, podId: 'p', clusterId: 'c', size },
          },
          { type: 'VmStarted' as const, data: usage(`host-${vm.zone}`) },
        ]
      : vm.state === 'Destroyed'
        ? [
            {
              type: 'VmDestroyed' as const,
              data: {
                ...usage(null),
                expunge: false,
                rootVolumeId: `root-${vm.id}`,
                dataVolumeIdsToDelete: [],
              },
            },
          ]
        : [];
  return h.record(`vm-${vm.id}`, [created, ...more]);
};

beforeAll(async () => {
  h = await startHarness([zones, pods, clusters, hosts, tenantDomains, vms, volumes]);
  q = queries(h.db.pool);
  await createDomain(domains.root, 'ROOT', null, 'ROOT');
  await createDomain(domains.a, 'a', domains.root, 'ROOT/a');
  await createDomain(domains.a1, 'a1', domains.a, 'ROOT/a/a1');
  await createDomain(domains.b, 'b', domains.root, 'ROOT/b');
  const keys = Object.keys(domains) as (keyof typeof domains)[];
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  for (let i = 0; i < 240; i++)
    fleet.push({
      id: newId(),
      // Duplicate names on purpose: the id breaks ties, so pages neither skip nor repeat them.
      name: `vm-${String(next() % 60).padStart(3, '0')}`,
      key: keys[next() % keys.length]!,
      state: states[next() % states.length]!,
      zone: zonesOf[next() % zonesOf.length]!,
    });
  await Promise.all(fleet.map(recordVm));
  await h.settle();
}, 60_000);
afterAll(() => h.close());

const all = async (filters: ListFilters, options: PageOptions = {}) => {
  const seen: Item[] = [];
  let cursor = options.cursor;
  let pages = 0;
  do {
    const page = await q.vms.list(filters, { ...options, cursor });
    seen.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages++;
  } while (cursor);
  return { seen, pages };
};

const sortedIds = (vms: readonly { id: unknown }[]) => vms.map((v) => String(v.id)).sort();

describe('list queries: keyset pagination', () => {
  it('walks every VM exactly once, page by page, sorted by name then id', async () => {
    const { seen, pages } = await all({ includeRemoved: true }, { pageSize: 7 });
    expect(pages).toBe(Math.ceil(240 / 7));
    expect(seen.map((v) => v.id)).toEqual(
      [...fleet]
        .sort((x, y) => (x.name === y.name ? (x.id < y.id ? -1 : 1) : x.name < y.name ? -1 : 1))
        .map((v) => v.id),
    );
  });

  it('walks every VM exactly once in descending creation order', async () => {
    const { seen } = await all({ includeRemoved: true }, { pageSize: 11, sortBy: 'created', order: 'desc' });
    expect(new Set(seen.map((v) => v.id)).size).toBe(240);
    const created = seen.map((v) => `${v.createdAt}|${v.id}`);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('neither skips nor repeats a row when rows are added behind and ahead of the cursor', async () => {
    const first = await q.vms.list({ includeRemoved: true }, { pageSize: 100 });
    const early: Vm = { id: newId(), name: 'vm-000-early', key: 'b', state: 'Stopped', zone: 'zone-1' };
    const late: Vm = { id: newId(), name: 'vm-zzz-late', key: 'b', state: 'Stopped', zone: 'zone-1' };
    const position = await recordVm(early);
    await recordVm(late);
    await h.settle();
    const rest = await all(
      { includeRemoved: true },
      { pageSize: 100, cursor: first.nextCursor!, minPosition: position },
    );
    const ids = [...first.items, ...rest.seen].map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(late.id);
    expect(ids).not.toContain(early.id);
    fleet.push(early, late);
  });

  it('counts every match on every page', async () => {
    const page = await q.vms.list({ state: 'Running' }, { pageSize: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.total).toBe(fleet.filter((v) => v.state === 'Running').length);
  });

  it('refuses a cursor of another sort order', async () => {
    const page = await q.vms.list({}, { pageSize: 5 });
    await expect(
      q.vms.list({}, { pageSize: 5, cursor: page.nextCursor!, sortBy: 'created' }),
    ).rejects.toMatchObject({
      code: 'CURSOR_INVALID',
    });
  });
});

describe('list totals', () => {
  /** The count statements a call runs on the (real) pool. */
  const countsRun = async (call: () => Promise<unknown>) => {
    const spy = vi.spyOn(h.db.pool, 'query');
    try {
      await call();
      return spy.mock.calls.filter(([query]) => /count\(\*\)/.test(JSON.stringify(query))).length;
    } finally {
      spy.mockRestore();
    }
  };
  const stopped = () => fleet.filter((v) => v.state === 'Stopped').length;

  it('are counted again only after the counted read model changed, and stay exact', async () => {
    const list = () => q.vms.list({ state: 'Stopped' }, { pageSize: 5 });
    expect(await countsRun(list)).toBe(1);
    expect(await countsRun(list)).toBe(0);
    expect((await list()).total).toBe(stopped());

    // An event the VMs model ignores moves its checkpoint, not its rows: still no count.
    await createDomain(newId(), 'elsewhere', domains.root, 'ROOT/elsewhere');
    await h.settle();
    expect(await countsRun(list)).toBe(0);

    const vm: Vm = { id: newId(), name: 'vm-counted', key: 'b', state: 'Stopped', zone: 'zone-2' };
    await recordVm(vm);
    fleet.push(vm);
    await h.settle();
    let total: number | null = null;
    expect(await countsRun(async () => ({ total } = await list()))).toBe(1);
    expect(total).toBe(stopped());
  });

  it('over a domain subtree are counted again when the domain tree changes', async () => {
    const list = () => q.vms.list({ tenantDomainId: domains.b, isRecursive: true }, { pageSize: 5 });
    await list();
    expect(await countsRun(list)).toBe(0);
    await createDomain(newId(), 'b1', domains.b, 'ROOT/b/b1');
    await h.settle();
    expect(await countsRun(list)).toBe(1);
  });
});

describe('list queries: filters', () => {
  it('hides destroyed-then-expunged rows only; destroyed VMs stay listed', async () => {
    const page = await q.vms.list({ state: 'Destroyed' }, { pageSize: 1000 });
    expect(page.total).toBe(fleet.filter((v) => v.state === 'Destroyed').length);
  });

  it('filters by state, zone and host together', async () => {
    const page = await q.vms.list(
      { state: ['Running'], zoneId: 'zone-2', hostId: 'host-zone-2' },
      { pageSize: 1000 },
    );
    expect(sortedIds(page.items)).toEqual(
      sortedIds(fleet.filter((v) => v.state === 'Running' && v.zone === 'zone-2')),
    );
    expect(page.items.every((v) => v.hostId === 'host-zone-2' && v.clusterId === 'c')).toBe(true);
  });

  it('filters by id, ids, exact name and keyword', async () => {
    const [x, y] = fleet;
    expect((await q.vms.list({ id: x!.id })).items.map((v) => v.id)).toEqual([x!.id]);
    expect(sortedIds((await q.vms.list({ ids: [x!.id, y!.id], includeRemoved: true })).items)).toEqual(
      sortedIds([x!, y!]),
    );
    const byName = await q.vms.list({ name: x!.name, includeRemoved: true }, { pageSize: 1000 });
    expect(sortedIds(byName.items)).toEqual(sortedIds(fleet.filter((v) => v.name === x!.name)));
    const byKeyword = await q.vms.list(
      { keyword: `DISPLAY ${x!.name}`, includeRemoved: true },
      { pageSize: 1000 },
    );
    expect(sortedIds(byKeyword.items)).toEqual(sortedIds(fleet.filter((v) => v.name.startsWith(x!.name))));
  });

  it('treats the keyword literally (no LIKE wildcards)', async () => {
    expect((await q.vms.list({ keyword: '%' })).total).toBe(0);
  });

  it('filters by account', async () => {
    const page = await q.vms.list({ accountId: accounts.a1, includeRemoved: true }, { pageSize: 1000 });
    expect(sortedIds(page.items)).toEqual(sortedIds(fleet.filter((v) => v.key === 'a1')));
  });

  it('filters by tenant domain, alone or with every domain below it', async () => {
    const only = await q.vms.list({ tenantDomainId: domains.a, includeRemoved: true }, { pageSize: 1000 });
    expect(sortedIds(only.items)).toEqual(sortedIds(fleet.filter((v) => v.key === 'a')));
    const subtree = await q.vms.list(
      { tenantDomainId: domains.a, isRecursive: true, includeRemoved: true },
      { pageSize: 1000 },
    );
    expect(sortedIds(subtree.items)).toEqual(sortedIds(fleet.filter((v) => v.key === 'a' || v.key === 'a1')));
    const everything = await q.vms.list({
      tenantDomainId: domains.root,
      isRecursive: true,
      includeRemoved: true,
    });
    expect(everything.total).toBe(fleet.length);
  });

  it('refuses a filter the resource does not have', async () => {
    await expect(q.zones.list({ accountId: 'x' })).rejects.toBeInstanceOf(QueryError);
    await expect(q.vms.list({}, { sortBy: 'memory' })).rejects.toMatchObject({ code: 'SORT_UNSUPPORTED' });
  });
});

describe('tenant domains', () => {
  it('answers the live path: renaming a domain renames the path of its descendants', async () => {
    expect(await q.tenantDomains.get(domains.a1)).toMatchObject({ path: 'ROOT/a/a1', level: 2 });
    const position = await h.record(`tenantdomain-${domains.a}`, [
      {
        type: 'TenantDomainRenamed',
        data: {
          tenantDomainId: domains.a,
          parentId: domains.root,
          name: 'alpha',
          previousName: 'a',
          path: 'ROOT/alpha',
          renamedAt: at,
        },
      },
    ]);
    expect(await q.tenantDomains.get(domains.a1, { minPosition: position })).toMatchObject({
      path: 'ROOT/alpha/a1',
      recordedPath: 'ROOT/a/a1',
    });
    const subtree = await q.tenantDomains.list({ tenantDomainId: domains.a, isRecursive: true });
    expect(subtree.items.map((d) => d.path)).toEqual(['ROOT/alpha/a1', 'ROOT/alpha']);
  });
});

describe('get by id', () => {
  it('reads its own write when given the position a write returned', async () => {
    const vm: Vm = { id: newId(), name: 'fresh', key: 'b', state: 'Running', zone: 'zone-1' };
    const position = await recordVm(vm);
    fleet.push(vm);
    expect(await q.vms.get(vm.id, { minPosition: position })).toMatchObject({
      id: vm.id,
      state: 'Running',
      hostId: 'host-zone-1',
    });
  });

  it('answers null for an unknown id, and a clear error when the read model cannot catch up in time', async () => {
    expect(await q.vms.get(newId())).toBeNull();
    await expect(q.vms.get(newId(), { minPosition: '9'.repeat(41), timeoutMs: 50 })).rejects.toBeInstanceOf(
      StaleReadError,
    );
  });

  it("lists a VM's volumes from the volumes read model, without its aggregate state", async () => {
    const vm = fleet[0]!;
    const volumeId = newId();
    const facts = {
      volumeId,
      type: 'DATADISK' as const,
      accountId: accounts[vm.key],
      tenantDomainId: domains[vm.key],
      zoneId: vm.zone,
      diskOfferingId: null,
      sizeBytes: 5,
    };
    const position = await h.record(`volume-${volumeId}`, [
      { type: 'VolumeAllocated', data: { ...facts, name: 'data-9', fromSnapshotId: null, createdAt: at } },
      { type: 'VolumeAttached', data: { ...facts, vmId: vm.id, deviceId: 3 } },
    ]);
    const got = await q.vms.get(vm.id, { minPosition: position });
    expect(got?.volumes).toEqual([
      { id: volumeId, name: 'data-9', type: 'DATADISK', deviceId: 3, sizeBytes: 5, state: 'Allocated' },
    ]);
    expect(got).not.toHaveProperty('aggregate');
    expect((await q.volumes.list({ vmId: vm.id })).items.map((v) => v.id)).toEqual([volumeId]);
  });
});

describe('capacity view', () => {
  it('gives placement its host candidates and the per-cluster sums of Up and Enabled hosts', async () => {
    const zoneId = newId();
    const podId = newId();
    const clusterId = newId();
    await h.record(`zone-${zoneId}`, [
      {
        type: 'ZoneCreated',
        data: {
          zoneId,
          name: 'cap',
          dns1: '8.8.8.8',
          dns2: null,
          internalDns1: '10.0.0.2',
          internalDns2: null,
          guestCidr: null,
          localStorageEnabled: false,
          networkType: 'Basic',
          allocationState: 'Disabled',
        },
      },
      { type: 'ZoneEnabled', data: { zoneId } },
    ]);
    await h.record(`cluster-${clusterId}`, [
      {
        type: 'ClusterCreated',
        data: {
          clusterId,
          zoneId,
          podId,
          name: 'c',
          hypervisor: 'KVM',
          cpuOverprovisioning: 2,
          memoryOverprovisioning: 1,
          allocationState: 'Disabled',
        },
      },
    ]);
    const addHost = (hostId: string, resourceState: 'Enabled' | 'Disabled') =>
      h.record(`host-${hostId}`, [
        {
          type: 'HostAdded',
          data: {
            hostId,
            zoneId,
            podId,
            clusterId,
            name: hostId.slice(0, 8),
            hypervisor: 'KVM',
            cpuCores: 4,
            cpuSpeedMhz: 1000,
            memoryMiB: 4096,
            cpuOverprovisioning: 2,
            memoryOverprovisioning: 1,
            tags: [],
            status: 'Up',
            resourceState,
          },
        },
      ]);
    const [h1, h2] = [newId(), newId()];
    await addHost(h1, 'Enabled');
    await addHost(h2, 'Disabled');
    const position = await h.record(`host-${h1}`, [
      {
        type: 'HostCapacityReserved',
        data: {
          hostId: h1,
          zoneId,
          podId,
          clusterId,
          reservationId: newId(),
          vmId: 'vm',
          cpuNumber: 2,
          cpuSpeedMhz: 1000,
          memoryMiB: 1024,
          reservedAt: at,
          expiresAt: '2025-03-01T11:00:00.000Z',
        },
      },
    ]);
    const candidates = await hostCandidates(h.db.pool, { zoneId }, { minPosition: position });
    expect(candidates.map((c) => c.hostId).sort()).toEqual([h1, h2].sort());
    expect(candidates.find((c) => c.hostId === h1)).toMatchObject({
      size: {
        cpuCores: 4,
        cpuSpeedMhz: 1000,
        memoryMiB: 4096,
        cpuOverprovisioning: 2,
        memoryOverprovisioning: 1,
      },
      load: { usedCpuMhz: 2000, usedMemoryMiB: 1024, reservedCpuMhz: 0, reservedMemoryMiB: 0 },
      runningGuests: 1,
      zoneAllocationState: 'Enabled',
      clusterAllocationState: 'Disabled',
      podAllocationState: 'Disabled',
    });
    expect(await clusterCapacity(h.db.pool, { zoneId })).toEqual([
      expect.objectContaining({
        clusterId,
        hosts: 1,
        cpuTotalMhz: 8000,
        cpuUsedMhz: 2000,
        cpuUtilisation: 0.25,
        memoryUtilisation: 0.25,
      }),
    ]);
  });
});
