import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestedCpuMhz, totalCpuMhz, totalMemoryMiB } from '../../../src/domain/capacity/index.ts';
import {
  type HostCommand,
  type HostEvent,
  type HostState,
  hostDecider,
  load,
} from '../../../src/domain/host/index.ts';
import type { HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import { DomainError, fold } from '../../../src/domain/shared/index.ts';
import {
  effectiveCapacityBytes,
  type StoragePoolCommand,
  type StoragePoolEvent,
  storagePoolDecider,
} from '../../../src/domain/storagePool/index.ts';
import { GiB, hostAdded, hostId, poolCreated, poolId, statusChanged } from './fixtures.ts';

const start = Date.parse('2025-03-01T10:00:00.000Z');
const at = (minutes: number): string => new Date(start + minutes * 60_000).toISOString();

const reservationIds = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7'];
const holders = ['h0', 'h1', 'h2', 'h3', 'h4'];

const host = {
  reserve: fc.record({
    kind: fc.constant('reserve' as const),
    reservationId: fc.constantFrom(...reservationIds),
    vmId: fc.constantFrom(...holders),
    cpuNumber: fc.integer({ min: 1, max: 6 }),
    cpuSpeedMhz: fc.integer({ min: 100, max: 2500 }),
    memoryMiB: fc.integer({ min: 128, max: 9000 }),
    ttl: fc.integer({ min: 1, max: 30 }),
  }),
  commit: fc.record({
    kind: fc.constant('commit' as const),
    reservationId: fc.constantFrom(...reservationIds),
  }),
  releaseOne: fc.record({
    kind: fc.constant('releaseOne' as const),
    reservationId: fc.constantFrom(...reservationIds),
  }),
  releaseVm: fc.record({ kind: fc.constant('releaseVm' as const), vmId: fc.constantFrom(...holders) }),
  expire: fc.record({ kind: fc.constant('expire' as const) }),
  keep: fc.record({
    kind: fc.constant('keep' as const),
    vmId: fc.constantFrom(...holders),
    ttl: fc.integer({ min: 1, max: 60 }),
  }),
  // Factors only grow here: a lower factor may legitimately leave a host over-committed until VMs leave.
  raiseFactors: fc.record({
    kind: fc.constant('raiseFactors' as const),
    cpu: fc.constantFrom(0, 0.5, 1),
    memory: fc.constantFrom(0, 0.25, 1),
  }),
};
type HostAction = {
  [K in keyof typeof host]: (typeof host)[K] extends fc.Arbitrary<infer T> ? T : never;
}[keyof typeof host];

const toHostCommand = (a: HostAction, minutes: number, state: HostState): HostCommand => {
  const now = at(minutes);
  switch (a.kind) {
    case 'reserve': {
      const { reservationId, vmId, cpuNumber, cpuSpeedMhz, memoryMiB } = a;
      const request = { reservationId, vmId, cpuNumber, cpuSpeedMhz, memoryMiB };
      return {
        type: 'ReserveHostCapacity',
        data: { hostId, ...request, now, expiresAt: at(minutes + a.ttl) },
      };
    }
    case 'commit':
      return { type: 'CommitHostCapacity', data: { hostId, reservationId: a.reservationId } };
    case 'releaseOne':
      return { type: 'ReleaseHostCapacity', data: { hostId, reservationId: a.reservationId } };
    case 'releaseVm':
      return { type: 'ReleaseHostCapacity', data: { hostId, vmId: a.vmId } };
    case 'expire':
      return { type: 'ExpireHostReservations', data: { hostId, now } };
    case 'keep':
      return {
        type: 'KeepHostCapacityForStoppedVm',
        data: { hostId, vmId: a.vmId, now, keepUntil: at(minutes + a.ttl) },
      };
    case 'raiseFactors': {
      const size = state?.size;
      const cpu = Math.min((size?.cpuOverprovisioning ?? 1) + a.cpu, 4);
      const memory = Math.min((size?.memoryOverprovisioning ?? 1) + a.memory, 4);
      return {
        type: 'UpdateHostOverprovisioning',
        data: { hostId, cpuOverprovisioning: cpu, memoryOverprovisioning: memory },
      };
    }
  }
};

const hostSteps = fc.array(
  fc.record({ advance: fc.integer({ min: 0, max: 10 }), action: fc.oneof(...Object.values(host)) }),
  { maxLength: 60 },
);

/** Runs a command; a refusal must be a DomainError and change nothing. */
const attempt = <E>(decide: () => readonly E[]): readonly E[] => {
  try {
    return decide();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return [];
  }
};

const expectHostInvariants = (state: HostState): void => {
  if (state === null) throw new Error('host must exist');
  const l = load(state);
  expect(l.usedCpuMhz + l.reservedCpuMhz).toBeLessThanOrEqual(totalCpuMhz(state.size));
  expect(l.usedMemoryMiB + l.reservedMemoryMiB).toBeLessThanOrEqual(totalMemoryMiB(state.size));
  const held = Object.values(state.reservations);
  const sum = (status: (s: string) => boolean, f: (r: (typeof held)[number]) => number) =>
    held.filter((r) => status(r.status)).reduce((acc, r) => acc + f(r), 0);
  expect(l).toEqual({
    usedCpuMhz: sum((s) => s !== 'Kept', requestedCpuMhz),
    usedMemoryMiB: sum(
      (s) => s !== 'Kept',
      (r) => r.memoryMiB,
    ),
    reservedCpuMhz: sum((s) => s === 'Kept', requestedCpuMhz),
    reservedMemoryMiB: sum(
      (s) => s === 'Kept',
      (r) => r.memoryMiB,
    ),
  });
  expect(state.guests).toBe(held.filter((r) => r.status !== 'Kept').length);
  // A VM runs at most once on a host.
  const placed = held.filter((r) => r.status !== 'Kept').map((r) => r.holderId);
  expect(new Set(placed).size).toBe(placed.length);
};

describe('host capacity ledger (property)', () => {
  it.each<HypervisorType>(['KVM', 'XenServer', 'VMware'])(
    'on %s: used + reserved never exceed the over-provisioned totals, and replay reproduces the state',
    (hypervisor) =>
      fc.assert(
        fc.property(hostSteps, (steps) => {
          const history: HostEvent[] = [
            hostAdded(hypervisor),
            statusChanged('AgentConnected', 'Creating', 'Connecting'),
            statusChanged('Ready', 'Connecting', 'Up'),
          ];
          let state = fold(hostDecider, history);
          let minutes = 0;
          for (const { advance, action } of steps) {
            minutes += advance;
            const command = toHostCommand(action as HostAction, minutes, state);
            const events = attempt(() => hostDecider.decide(command, state));
            state = events.reduce(hostDecider.evolve, state);
            history.push(...events);
            expectHostInvariants(state);
            // Deciding the same command again is harmless: reservations are idempotent, releases find nothing.
            if (events.length > 0 && command.type !== 'UpdateHostOverprovisioning')
              expect(attempt(() => hostDecider.decide(command, state))).toEqual([]);
          }
          expect(fold(hostDecider, history)).toEqual(state);
          expect(fold(hostDecider, JSON.parse(JSON.stringify(history)))).toEqual(state);
        }),
        { numRuns: 300 },
      ),
  );
});

const pool = {
  reserve: fc.record({
    kind: fc.constant('reserve' as const),
    reservationId: fc.constantFrom(...reservationIds),
    volumeId: fc.constantFrom(...holders),
    gib: fc.integer({ min: 1, max: 120 }),
    ttl: fc.integer({ min: 1, max: 30 }),
  }),
  commit: fc.record({
    kind: fc.constant('commit' as const),
    reservationId: fc.constantFrom(...reservationIds),
  }),
  release: fc.record({ kind: fc.constant('release' as const), volumeId: fc.constantFrom(...holders) }),
  expire: fc.record({ kind: fc.constant('expire' as const) }),
};
type PoolAction = {
  [K in keyof typeof pool]: (typeof pool)[K] extends fc.Arbitrary<infer T> ? T : never;
}[keyof typeof pool];

const toPoolCommand = (a: PoolAction, minutes: number): StoragePoolCommand => {
  const now = at(minutes);
  switch (a.kind) {
    case 'reserve':
      return {
        type: 'ReserveStorage',
        data: {
          poolId,
          reservationId: a.reservationId,
          volumeId: a.volumeId,
          sizeBytes: a.gib * GiB,
          now,
          expiresAt: at(minutes + a.ttl),
        },
      };
    case 'commit':
      return { type: 'CommitStorage', data: { poolId, reservationId: a.reservationId } };
    case 'release':
      return { type: 'ReleaseStorage', data: { poolId, volumeId: a.volumeId } };
    case 'expire':
      return { type: 'ExpireStorageReservations', data: { poolId, now } };
  }
};

describe('storage pool ledger (property)', () => {
  it('allocation never passes the 0.85 threshold of capacity × factor, and replay reproduces the state', () =>
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ advance: fc.integer({ min: 0, max: 10 }), action: fc.oneof(...Object.values(pool)) }),
          {
            maxLength: 60,
          },
        ),
        (steps) => {
          const history: StoragePoolEvent[] = [poolCreated];
          let state = fold(storagePoolDecider, history);
          let minutes = 0;
          for (const { advance, action } of steps) {
            minutes += advance;
            const command = toPoolCommand(action as PoolAction, minutes);
            const events = attempt(() => storagePoolDecider.decide(command, state));
            state = events.reduce(storagePoolDecider.evolve, state);
            history.push(...events);
            if (state === null) throw new Error('pool must exist');
            expect(state.allocatedBytes).toBeLessThanOrEqual(effectiveCapacityBytes(state) * 0.85);
            expect(state.allocatedBytes).toBe(
              Object.values(state.reservations).reduce((sum, r) => sum + r.sizeBytes, 0),
            );
          }
          expect(fold(storagePoolDecider, history)).toEqual(state);
        },
      ),
      { numRuns: 300 },
    ));
});
