import { afterEach, describe, expect, it } from 'vitest';
import {
  attachVolume,
  createSnapshotPolicy,
  createVolume,
  takeSnapshot,
} from '../../../src/commands/storage/index.ts';
import { TimerScheduler, type TimerSchedulerOptions } from '../../../src/commands/timers/index.ts';
import type { IntervalType } from '../../../src/domain/snapshotPolicy/index.ts';
import { type Cloud, createCloud, until } from '../storage/fixture.ts';
import { ctx } from '../support.ts';

/** A clock the test moves by hand. */
const manualClock = (start: string | Date) => {
  let now = new Date(start);
  return {
    now: () => now,
    set: (at: string | Date) => {
      now = new Date(at);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
};

let cloud: Cloud;
const schedulers: TimerScheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  await cloud.close();
});

const scheduler = async (
  clock: () => Date,
  overrides: Partial<TimerSchedulerOptions> = {},
): Promise<TimerScheduler> => {
  const s = new TimerScheduler({
    bus: cloud.bus,
    store: cloud.store,
    pool: cloud.db.pool,
    lookup: cloud.deps.lookup,
    clock,
    expungeVm: async () => {},
    sweep: async () => {},
    tickMs: 3_600_000,
    standbyRetryMs: 50,
    ...overrides,
  });
  schedulers.push(s);
  s.start();
  return s;
};

const leading = (s: TimerScheduler) => until(() => s.leading);

/** A Ready volume attached to a running VM, with a snapshot policy on it. */
const volumeWithPolicy = async (
  intervalType: IntervalType,
  schedule: string,
  timezone: string,
  maxSnaps: number,
) => {
  const { vmId } = await cloud.vm();
  const { volumeId } = await createVolume(cloud.deps, cloud.as(cloud.user), {
    name: 'data',
    zoneId: cloud.zoneId,
    diskOfferingId: cloud.smallOffering,
  });
  await cloud.settle((await attachVolume(cloud.deps, cloud.as(cloud.user), { volumeId, vmId })).jobId);
  const { policy, position } = await createSnapshotPolicy(cloud.deps, cloud.as(cloud.user), {
    volumeId,
    intervalType,
    schedule,
    timezone,
    maxSnaps,
  });
  return { volumeId, vmId, policy, position: position! };
};

/** Every snapshot recorded, with the slot it stands for (its createdAt) and its state now. */
const snapshots = async () => {
  const { rows } = await cloud.db.pool.query<{
    data: { snapshotId: string; createdAt: string; snapshotType: string };
  }>(`SELECT data FROM events WHERE type = 'SnapshotAllocated' ORDER BY global_position`);
  return Promise.all(
    rows.map(async ({ data }) => ({
      snapshotId: data.snapshotId,
      slot: data.createdAt,
      type: data.snapshotType,
      status: (await cloud.snapshot(data.snapshotId)).status,
    })),
  );
};

/** Whether every job submitted so far has ended. */
const jobsEnded = async () => {
  const { rows } = await cloud.db.pool.query<{ open: string }>(
    `SELECT count(*) FILTER (WHERE type = 'JobSubmitted') - count(*) FILTER (WHERE type IN ('JobSucceeded', 'JobFailed')) AS open
     FROM events WHERE type IN ('JobSubmitted', 'JobSucceeded', 'JobFailed')`,
  );
  return Number(rows[0]?.open) === 0;
};

/** Runs the due timers until none is left, letting the snapshot and deletion jobs end in between. */
const drain = async (s: TimerScheduler) => {
  for (let round = 0; round < 50; round++) {
    await until(jobsEnded);
    if ((await s.runDue()) === 0) {
      await until(jobsEnded);
      return;
    }
  }
  throw new Error('timers never settled');
};

const recurring = async () => (await snapshots()).filter((x) => x.type !== 'MANUAL');

describe('recurring snapshots', () => {
  it('fires a daily policy on time in its time zone, across the end of daylight saving time', async () => {
    const clock = manualClock('2026-10-30T10:00:00.000Z');
    cloud = await createCloud({ clock: clock.now });
    const { position } = await volumeWithPolicy('DAILY', '00:12', 'America/New_York', 8);
    const s = await scheduler(clock.now);
    await leading(s);
    await s.ingested(position);

    clock.set('2026-10-30T15:59:00.000Z');
    await drain(s);
    expect(await recurring()).toHaveLength(0);

    for (const day of [
      '2026-10-30T16:00:00.000Z',
      '2026-10-31T16:30:00.000Z',
      '2026-11-01T18:00:00.000Z',
      '2026-11-02T17:00:00.000Z',
    ]) {
      clock.set(day);
      await drain(s);
    }
    // Noon in New York: 16:00 UTC under EDT, 17:00 UTC once EST starts on 1 November.
    expect((await recurring()).map((x) => x.slot)).toEqual([
      '2026-10-30T16:00:00.000Z',
      '2026-10-31T16:00:00.000Z',
      '2026-11-01T17:00:00.000Z',
      '2026-11-02T17:00:00.000Z',
    ]);
    expect((await recurring()).every((x) => x.status === 'BackedUp' && x.type === 'DAILY')).toBe(true);
  });

  it('keeps at most maxsnaps recurring snapshots, deleting the oldest, and never a manual one', async () => {
    const clock = manualClock('2026-03-02T09:30:00.000Z');
    cloud = await createCloud({ clock: clock.now });
    const { position, volumeId } = await volumeWithPolicy('HOURLY', '00', 'UTC', 2);
    const manual = await takeSnapshot(cloud.deps, cloud.as(cloud.user), { volumeId });
    await cloud.settle(manual.jobId);
    const s = await scheduler(clock.now);
    await leading(s);
    await s.ingested(position);
    for (let hour = 10; hour <= 14; hour++) {
      clock.set(`2026-03-02T${hour}:00:00.000Z`);
      await drain(s);
    }
    const all = await snapshots();
    const kept = all.filter((x) => x.type === 'HOURLY' && x.status === 'BackedUp').map((x) => x.slot);
    expect(kept).toEqual(['2026-03-02T13:00:00.000Z', '2026-03-02T14:00:00.000Z']);
    expect(all.filter((x) => x.type === 'HOURLY' && x.status === 'Destroyed')).toHaveLength(3);
    expect(all.find((x) => x.snapshotId === manual.snapshotId)?.status).toBe('BackedUp');
    // Deleted snapshots no longer count: one manual plus two recurring.
    expect((await cloud.accountLedger()).count.snapshot).toBe(3);
  });

  it('catches up after downtime, and a restart in the middle neither misses nor doubles a slot', async () => {
    const clock = manualClock('2026-06-01T00:10:00.000Z');
    cloud = await createCloud({ clock: clock.now });
    const { position } = await volumeWithPolicy('HOURLY', '30', 'Europe/Berlin', 8);
    let fired = 0;
    const first = await scheduler(clock.now, {
      afterFire: () => {
        fired++;
        // The third slot's snapshot is taken, then the node dies before its timer moves on.
        if (fired === 3) throw new Error('node crashed');
      },
    });
    await leading(first);
    await first.ingested(position);
    clock.set('2026-06-01T05:00:00.000Z');
    await first.runDue();
    await first.stop();

    const second = await scheduler(clock.now);
    await leading(second);
    await drain(second);
    const slots = (await recurring()).map((x) => x.slot);
    expect(slots).toEqual([
      '2026-06-01T00:30:00.000Z',
      '2026-06-01T01:30:00.000Z',
      '2026-06-01T02:30:00.000Z',
      '2026-06-01T03:30:00.000Z',
      '2026-06-01T04:30:00.000Z',
    ]);
    expect((await recurring()).every((x) => x.status === 'BackedUp')).toBe(true);
    const { rows } = await cloud.db.pool.query(
      `SELECT 1 FROM events WHERE type = 'JobSubmitted' AND data->>'command' = 'createSnapshot'`,
    );
    expect(rows).toHaveLength(5);
  });

  it('stops firing a deleted policy', async () => {
    const clock = manualClock('2026-06-01T00:10:00.000Z');
    cloud = await createCloud({ clock: clock.now });
    const { position, policy, volumeId } = await volumeWithPolicy('HOURLY', '30', 'UTC', 8);
    const s = await scheduler(clock.now);
    await leading(s);
    await s.ingested(position);
    const { deleteSnapshotPolicies } = await import('../../../src/commands/storage/index.ts');
    const deleted = await deleteSnapshotPolicies(cloud.deps, cloud.as(cloud.user), {
      ids: [policy.policyId],
      volumeId,
    });
    await s.ingested(deleted.position!);
    clock.set('2026-06-01T03:00:00.000Z');
    await drain(s);
    expect(await recurring()).toHaveLength(0);
  });
});

describe('delayed expunge and the sweep', () => {
  const destroy = async (vmId: string) =>
    cloud.bus.execute(
      'vm',
      vmId,
      { type: 'DestroyVm', data: { vmId, expunge: false, expungeRecoverAllowed: true } },
      ctx(),
    );

  it('expunges a destroyed VM once, after expunge.delay, and not a recovered one', async () => {
    cloud = await createCloud();
    const clock = manualClock(new Date());
    const expunged: string[] = [];
    const s = await scheduler(clock.now, {
      expungeDelaySeconds: 600,
      expungeVm: async (vmId) => {
        expunged.push(vmId);
      },
    });
    await leading(s);
    const doomed = await cloud.vm({ running: false });
    const saved = await cloud.vm({ running: false });
    await destroy(doomed.vmId);
    await destroy(saved.vmId);
    const recovered = await cloud.bus.execute(
      'vm',
      saved.vmId,
      {
        type: 'RecoverVm',
        data: { vmId: saved.vmId, ownerAccountRemoved: false, expungeRecoverAllowed: true },
      },
      ctx(),
    );
    await s.ingested(recovered.position!);

    clock.advance(590_000);
    await s.runDue();
    expect(expunged).toEqual([]);
    clock.advance(20_000);
    await s.runDue();
    await s.runDue();
    expect(expunged).toEqual([doomed.vmId]);

    await s.stop();
    const again = await scheduler(clock.now, {
      expungeVm: async (vmId) => {
        expunged.push(vmId);
      },
    });
    await leading(again);
    clock.advance(3_600_000);
    await again.runDue();
    expect(expunged).toEqual([doomed.vmId]);
  });

  it('retries an expunge that failed unexpectedly, later', async () => {
    cloud = await createCloud();
    const clock = manualClock(new Date());
    let calls = 0;
    const s = await scheduler(clock.now, {
      expungeDelaySeconds: 1,
      expungeVm: async () => {
        calls++;
        if (calls === 1) throw new Error('hypervisor unreachable');
      },
    });
    await leading(s);
    const { vmId } = await cloud.vm({ running: false });
    const destroyed = await destroy(vmId);
    await s.ingested(destroyed.position!);
    clock.advance(5_000);
    await s.runDue();
    expect(calls).toBe(1);
    await s.runDue();
    expect(calls).toBe(1);
    clock.advance(5_000);
    await s.runDue();
    expect(calls).toBe(2);
    clock.advance(3_600_000);
    await s.runDue();
    expect(calls).toBe(2);
  });

  it('sweeps stale reservations every interval', async () => {
    cloud = await createCloud();
    const clock = manualClock(new Date());
    let sweeps = 0;
    const s = await scheduler(clock.now, {
      sweepIntervalMs: 60_000,
      sweep: async () => {
        sweeps++;
      },
    });
    await leading(s);
    await s.runDue();
    expect(sweeps).toBe(1);
    clock.advance(30_000);
    await s.runDue();
    expect(sweeps).toBe(1);
    clock.advance(31_000);
    await s.runDue();
    expect(sweeps).toBe(2);
  });
});

describe('leadership', () => {
  it('runs timers on one node at a time, and another takes over when it stops', async () => {
    cloud = await createCloud();
    const clock = manualClock(new Date());
    const a = await scheduler(clock.now);
    const b = await scheduler(clock.now);
    await until(() => a.leading || b.leading);
    await new Promise((r) => setTimeout(r, 200));
    expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);
    const [leader, standby] = a.leading ? [a, b] : [b, a];
    expect(await standby.runDue()).toBe(0);
    await leader.stop();
    await until(() => standby.leading);
    expect(leader.leading).toBe(false);
  });
});
