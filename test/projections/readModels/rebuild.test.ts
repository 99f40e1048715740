import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandOf } from '../../../src/commands/aggregates.ts';
import { CommandBus } from '../../../src/commands/commandBus.ts';
import type { ResourceLimits } from '../../../src/domain/limits/index.ts';
import { DomainError } from '../../../src/domain/shared/index.ts';
import { applyBatch } from '../../../src/projections/applyBatch.ts';
import { waitForPosition } from '../../../src/projections/consistency.ts';
import { tableOf } from '../../../src/projections/projection.ts';
import { readModels } from '../../../src/projections/readModels/index.ts';
import { progressBar, rebuildReadModels, selectReadModels } from '../../../src/projections/rebuild.cli.ts';
import { ctx } from '../../commands/support.ts';
import { type Harness, startHarness } from './harness.ts';

/**
 * A long random workload through the command bus (hosts and their capacity ledgers, VMs through
 * their lifecycle, quota ledgers, jobs, zones), projected live by every read model; then every read
 * model is replayed and rebuilt, and must equal what the live runners built, row for row.
 */

let h: Harness;
let bus: CommandBus;
let live: Record<string, unknown[]>;
let lastPosition = '';

const snapshot = async (): Promise<Record<string, unknown[]>> => {
  const out: Record<string, unknown[]> = {};
  for (const m of readModels)
    out[m.name] = (
      await h.db.pool.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM ${m.name} t ORDER BY id`)
    ).rows.map((r) => r.row);
  return out;
};

/** A seeded generator, so a failing run can be replayed. */
const seeded = (seed: number) => {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
};

const unlimited = Object.fromEntries(
  [
    'user_vm',
    'public_ip',
    'volume',
    'snapshot',
    'template',
    'project',
    'network',
    'vpc',
    'cpu',
    'memory',
    'primary_storage',
    'secondary_storage',
  ].map((t) => [t, -1]),
) as ResourceLimits;

const runWorkload = async (steps: number, seed: number) => {
  const r = seeded(seed);
  const zoneId = randomUUID();
  const place = { zoneId, podId: randomUUID(), clusterId: randomUUID() };
  const hosts = Array.from({ length: 4 }, () => randomUUID());
  const vmIds = Array.from({ length: 12 }, () => randomUUID());
  const accountId = randomUUID();
  const tenantDomainId = randomUUID();
  const ledger = { scope: 'account' as const, ownerId: accountId };
  const reservations: { hostId: string; reservationId: string; vmId: string }[] = [];
  const quotaIds: string[] = [];
  const jobIds: string[] = [];
  let clock = Date.parse('2025-01-01T00:00:00Z');
  const now = () => {
    clock += 60_000;
    return new Date(clock).toISOString();
  };
  const later = (minutes: number) => new Date(clock + minutes * 60_000).toISOString();
  const size = { cpuNumber: 1 + r.int(2), cpuSpeedMhz: 1000, memoryMiB: 512 * (1 + r.int(4)) };

  const exec = async <K extends Parameters<CommandBus['execute']>[0]>(
    aggregate: K,
    id: string,
    command: CommandOf<K>,
  ) => {
    try {
      const result = await bus.execute(aggregate, id, command, ctx());
      if (result.position && result.position > lastPosition) lastPosition = result.position;
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  };

  await exec('zone', zoneId, {
    type: 'CreateZone',
    data: {
      zoneId,
      name: 'random',
      networkType: 'Basic',
      dns1: '8.8.8.8',
      internalDns1: '10.0.0.2',
      localStorageEnabled: false,
    },
  } as CommandOf<'zone'>);
  for (const hostId of hosts)
    await exec('host', hostId, {
      type: 'AddHost',
      data: {
        hostId,
        ...place,
        name: `h-${hostId.slice(0, 6)}`,
        hypervisor: 'KVM',
        clusterHypervisor: 'KVM',
        clusterHostCount: 0,
        cpuCores: 16,
        cpuSpeedMhz: 2000,
        memoryMiB: 65536,
        tags: [],
        cpuOverprovisioning: 1,
        memoryOverprovisioning: 1,
      },
    });

  const actions: (() => Promise<void>)[] = [
    () =>
      exec('host', r.pick(hosts), {
        type: 'RecordHostStatusEvent',
        data: {
          hostId: r.pick(hosts),
          event: r.pick(['AgentConnected', 'Ready', 'Ping', 'PingTimeout'] as const),
        },
      }),
    async () => {
      const hostId = r.pick(hosts);
      await exec('host', hostId, {
        type: 'RecordHostStatusEvent',
        data: { hostId, event: r.pick(['AgentConnected', 'Ready'] as const) },
      });
    },
    async () => {
      const hostId = r.pick(hosts);
      await exec('host', hostId, {
        type: r.pick(['EnableHost', 'DisableHost', 'EnableHost'] as const),
        data: { hostId },
      });
    },
    async () => {
      const hostId = r.pick(hosts);
      const reservation = { hostId, reservationId: randomUUID(), vmId: r.pick(vmIds) };
      reservations.push(reservation);
      await exec('host', hostId, {
        type: 'ReserveHostCapacity',
        data: { ...reservation, ...size, now: now(), expiresAt: later(30) },
      });
    },
    async () => {
      const held = reservations.length ? r.pick(reservations) : null;
      if (held)
        await exec('host', held.hostId, {
          type: 'CommitHostCapacity',
          data: { hostId: held.hostId, reservationId: held.reservationId },
        });
    },
    async () => {
      const held = reservations.length ? r.pick(reservations) : null;
      if (held)
        await exec('host', held.hostId, {
          type: 'KeepHostCapacityForStoppedVm',
          data: { hostId: held.hostId, vmId: held.vmId, now: now(), keepUntil: later(60) },
        });
    },
    async () => {
      const held = reservations.length ? r.pick(reservations) : null;
      if (held)
        await exec('host', held.hostId, {
          type: 'ReleaseHostCapacity',
          data: { hostId: held.hostId, reservationId: held.reservationId },
        });
    },
    async () => {
      const hostId = r.pick(hosts);
      await exec('host', hostId, {
        type: 'ExpireHostReservations',
        data: { hostId, now: later(r.int(120)) },
      });
    },
    async () => {
      const hostId = r.pick(hosts);
      await exec('host', hostId, {
        type: 'UpdateHostTags',
        data: { hostId, tags: r.pick([[], ['ssd'], ['ssd', 'gpu']]) },
      });
    },
    async () => {
      const vmId = r.pick(vmIds);
      await exec('vm', vmId, {
        type: 'DeployVm',
        data: {
          vmId,
          name: `vm-${vmId.slice(0, 6)}`,
          displayName: 'vm',
          accountId,
          tenantDomainId,
          userId: randomUUID(),
          zoneId,
          serviceOfferingId: randomUUID(),
          size,
          image: { kind: 'template', templateId: randomUUID() },
          rootVolumeId: randomUUID(),
          hypervisor: 'KVM',
          group: null,
          haEnabled: false,
          dynamicallyScalable: false,
          startVm: false,
          now: now(),
        },
      });
    },
    async () => {
      const vmId = r.pick(vmIds);
      await exec('vm', vmId, {
        type: 'RequestVmStart',
        data: { vmId, hostId: r.pick(hosts), podId: place.podId, clusterId: place.clusterId },
      });
    },
    async () => {
      const vmId = r.pick(vmIds);
      await exec('vm', vmId, {
        type: r.pick(['CompleteVmStart', 'CompleteVmStop', 'RebootVm', 'ExpungeVm'] as const),
        data: { vmId },
      });
    },
    async () => {
      const vmId = r.pick(vmIds);
      await exec('vm', vmId, { type: 'RequestVmStop', data: { vmId, forced: r.int(2) === 0 } });
    },
    async () => {
      const vmId = r.pick(vmIds);
      await exec('vm', vmId, {
        type: 'DestroyVm',
        data: { vmId, expunge: false, expungeRecoverAllowed: true },
      });
    },
    async () => {
      const vmId = r.pick(vmIds);
      await exec('vm', vmId, {
        type: 'UpdateVm',
        data: { vmId, displayName: `renamed-${r.int(100)}`, group: r.pick([null, 'web']) },
      });
    },
    async () => {
      const reservationId = randomUUID();
      quotaIds.push(reservationId);
      await exec('quotaAccount', accountId, {
        type: 'ReserveQuota',
        data: {
          ledger,
          reservationId,
          resources: { user_vm: 1, cpu: size.cpuNumber, memory: size.memoryMiB },
          limits: unlimited,
          now: now(),
          expiresAt: later(10),
        },
      });
    },
    async () => {
      if (quotaIds.length)
        await exec('quotaAccount', accountId, {
          type: 'CommitQuota',
          data: { ledger, reservationId: r.pick(quotaIds), now: now() },
        });
    },
    async () => {
      if (quotaIds.length)
        await exec('quotaAccount', accountId, {
          type: 'ReleaseQuota',
          data: { ledger, reservationId: r.pick(quotaIds), now: now() },
        });
    },
    () =>
      exec('quotaAccount', accountId, {
        type: 'ExpireQuotaReservations',
        data: { ledger, now: later(r.int(30)) },
      }),
    async () => {
      const jobId = randomUUID();
      jobIds.push(jobId);
      await exec('job', jobId, {
        type: 'SubmitJob',
        data: {
          jobId,
          command: 'StartVm',
          resourceType: 'VirtualMachine',
          resourceId: r.pick(vmIds),
          params: {},
          accountId,
          tenantDomainId,
          userId: randomUUID(),
          submittedAt: now(),
        },
      });
    },
    async () => {
      if (jobIds.length) {
        const jobId = r.pick(jobIds);
        await exec(
          'job',
          jobId,
          r.int(2)
            ? { type: 'CompleteJob', data: { jobId, result: { ok: true }, now: now() } }
            : { type: 'FailJob', data: { jobId, errorCode: 530, errorText: 'boom', now: now() } },
        );
      }
    },
  ];
  for (let i = 0; i < steps; i++) await r.pick(actions)();
};

beforeAll(async () => {
  h = await startHarness(readModels);
  bus = new CommandBus(h.store);
  // Four lanes in parallel: their transactions commit out of position order, as on a busy node.
  await Promise.all([1, 2, 3, 4].map((lane) => runWorkload(400, 20250301 + lane)));
  await h.settle();
  await waitForPosition(
    h.db.pool,
    readModels.map((m) => m.name),
    lastPosition,
    { timeoutMs: 20_000 },
  );
  live = await snapshot();
}, 120_000);
afterAll(() => h.close());

describe('rebuild', () => {
  it('ran a workload that touched most read models', () => {
    const filled = Object.entries(live)
      .filter(([, rows]) => rows.length > 0)
      .map(([name]) => name);
    expect(filled).toEqual(
      expect.arrayContaining(['zones', 'hosts', 'vms', 'resource_counts', 'jobs', 'audit_log']),
    );
    expect(live.audit_log!.length).toBeGreaterThan(500);
  });

  it('a re-applied batch changes no row: every row applies an event once', async () => {
    for (const model of readModels) {
      const { rows } = await h.db.pool.query<{ generation: number }>(
        'SELECT generation FROM projection_checkpoints WHERE name = $1',
        [model.name],
      );
      const events = (
        await h.store.readAll({ from: 'start', maxCount: 100_000, filter: { eventTypes: model.eventTypes } })
      ).events;
      const client = await h.db.pool.connect();
      try {
        await applyBatch(client, model, tableOf(model.name, rows[0]!.generation), events.slice(-300));
        await applyBatch(client, model, tableOf(model.name, rows[0]!.generation), events);
      } finally {
        client.release();
      }
    }
    expect(await snapshot()).toEqual(live);
  });

  it('a runner whose checkpoint went back redelivers everything since and changes no row', async () => {
    await h.db.pool.query('UPDATE projection_checkpoints SET position = NULL');
    // An event no read model handles still moves every checkpoint: the runners find theirs moved and resume from it.
    const { position } = await h.store.append(
      `noise-${randomUUID()}`,
      [{ id: randomUUID(), type: 'Noise', data: {} }],
      'any',
    );
    await waitForPosition(
      h.db.pool,
      readModels.map((m) => m.name),
      position,
      { timeoutMs: 20_000 },
    );
    expect(await snapshot()).toEqual(live);
  });

  it('rebuilds every read model into a new generation equal to the live one, row for row', async () => {
    let progress = '';
    const reports = await rebuildReadModels(h.db.pool, h.store, selectReadModels([]), (text) => {
      progress += text;
    });
    expect(reports.map((r) => r.name)).toEqual(readModels.map((m) => m.name));
    expect(reports.every((r) => r.generation === 2)).toBe(true);
    expect(progress).toContain('100%');
    expect(await snapshot()).toEqual(live);
  });

  it('rebuilds one read model by name and refuses an unknown name', async () => {
    const [report] = await rebuildReadModels(h.db.pool, h.store, selectReadModels(['hosts']), () => {});
    expect(report).toMatchObject({ name: 'hosts', generation: 3 });
    expect(() => selectReadModels(['nope'])).toThrow(/no read model named nope/);
    expect(await snapshot()).toEqual(live);
  });

  it('draws a progress bar', () => {
    expect(progressBar(5, 10, 10)).toBe('[#####·····]  50%');
    expect(progressBar(0, 0, 4)).toBe('[####] 100%');
  });
});
