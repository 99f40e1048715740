import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  defaultAccountLimits,
  type LimitTarget,
  limitInBaseUnits,
  type QuotaCommand,
  type QuotaEvent,
  type QuotaLedgerRef,
  type QuotaLedgerState,
  quotaDecider,
  quotaEventSchemas,
  type ResourceAmounts,
  type ResourceLimits,
  type ResourceType,
  resourceTypes,
  UNLIMITED,
} from '../../../src/domain/limits/index.ts';
import { DomainError, fold } from '../../../src/domain/shared/index.ts';
import type { Caller } from '../../../src/domain/tenancy/roles.ts';
import { expectSchemaValid, ids, uuid } from '../tenancy/fixtures.ts';

/**
 * For ANY sequence of reserve / commit / release / expire / set-limit commands against a ledger with
 * random limits: accepted reservations never push count + reserved over a limit, the totals never go
 * negative and always equal the open reservations, and folding the events reproduces the state.
 */

const GiB = 1024 ** 3;
const ledger: QuotaLedgerRef = { scope: 'account', ownerId: ids.alice };
const limitedTypes = [
  'user_vm',
  'cpu',
  'memory',
  'primary_storage',
] as const satisfies readonly ResourceType[];
const reservationIds = [1, 2, 3, 4, 5, 6].map((n) => uuid(0x700 + n));
const start = Date.parse('2026-03-01T00:00:00.000Z');
const at = (minutes: number): string => new Date(start + minutes * 60_000).toISOString();

const admin: Caller = {
  userId: uuid(0x901),
  accountId: uuid(0x900),
  tenantDomainId: ids.root,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};
const target: LimitTarget = {
  kind: 'account',
  accountId: ids.alice,
  accountType: 'User',
  tenantDomainId: ids.acme,
  tenantDomainPath: 'ROOT/acme',
};

const limitArb = (type: ResourceType) =>
  fc.oneof(fc.constant(UNLIMITED), fc.integer({ min: 0, max: type === 'memory' ? 8192 : 10 }));

const limitsArb: fc.Arbitrary<ResourceLimits> = fc
  .record({
    user_vm: limitArb('user_vm'),
    cpu: limitArb('cpu'),
    memory: limitArb('memory'),
    primary_storage: limitArb('primary_storage'),
  })
  .map((chosen) => ({ ...defaultAccountLimits, ...chosen }));

const amountsArb: fc.Arbitrary<ResourceAmounts> = fc.record(
  {
    user_vm: fc.integer({ min: 0, max: 3 }),
    cpu: fc.integer({ min: 0, max: 6 }),
    memory: fc.integer({ min: 0, max: 4096 }),
    primary_storage: fc.integer({ min: 0, max: 3 * GiB }),
  },
  { requiredKeys: [] },
);

/** A step: what to do, and how many minutes pass before it. */
type Step =
  | { kind: 'reserve'; id: number; resources: ResourceAmounts; ttl: number; wait: number }
  | { kind: 'commit'; id: number; wait: number }
  | { kind: 'release'; id: number; resources: ResourceAmounts | null; wait: number }
  | { kind: 'expire'; wait: number }
  | { kind: 'setLimit'; type: ResourceType; max: number; wait: number };

const idArb = fc.integer({ min: 0, max: reservationIds.length - 1 });
const waitArb = fc.integer({ min: 0, max: 20 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('reserve' as const),
      id: idArb,
      resources: amountsArb,
      ttl: fc.integer({ min: 1, max: 30 }),
      wait: waitArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('commit' as const), id: idArb, wait: waitArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('release' as const),
      id: idArb,
      resources: fc.option(amountsArb),
      wait: waitArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), wait: waitArb }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('setLimit' as const),
      type: fc.constantFrom(...limitedTypes),
      max: fc.integer({ min: -1, max: 10 }),
      wait: waitArb,
    }),
  },
);

const commandFor = (step: Step, limits: ResourceLimits, now: string): QuotaCommand => {
  switch (step.kind) {
    case 'reserve': {
      const reservationId = reservationIds[step.id] as string;
      const expiresAt = new Date(Date.parse(now) + step.ttl * 60_000).toISOString();
      return {
        type: 'ReserveQuota',
        data: { ledger, reservationId, resources: step.resources, limits, now, expiresAt },
      };
    }
    case 'commit':
      return { type: 'CommitQuota', data: { ledger, reservationId: reservationIds[step.id] as string, now } };
    case 'release': {
      const reservationId = reservationIds[step.id] as string;
      return step.resources === null
        ? { type: 'ReleaseQuota', data: { ledger, reservationId, now } }
        : { type: 'ReleaseQuota', data: { ledger, reservationId, resources: step.resources, now } };
    }
    case 'expire':
      return { type: 'ExpireQuotaReservations', data: { ledger, now } };
    case 'setLimit':
      return {
        type: 'SetResourceLimit',
        data: { target, type: step.type, max: step.max, caller: admin, now },
      };
  }
};

/** What this ledger enforces: its own recorded limit, else the resolved one. */
const enforced = (state: QuotaLedgerState, limits: ResourceLimits, type: ResourceType): number =>
  state.explicitLimits[type] ?? limits[type];

const pendingTotal = (state: QuotaLedgerState, type: ResourceType): number =>
  Object.values(state.reservations)
    .filter((r) => r.status === 'reserved')
    .reduce((sum, r) => sum + (r.resources[type] ?? 0), 0);

const run = (limits: ResourceLimits, steps: readonly Step[]) => {
  let state = quotaDecider.initialState();
  let minutes = 0;
  const history: QuotaEvent[] = [];
  for (const step of steps) {
    minutes += step.wait;
    const command = commandFor(step, limits, at(minutes));
    let events: readonly QuotaEvent[];
    try {
      events = quotaDecider.decide(command, state);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      continue; // a refused command changes nothing: no events were produced
    }
    state = events.reduce(quotaDecider.evolve, state);
    history.push(...events);

    for (const type of resourceTypes) {
      expect(state.count[type]).toBeGreaterThanOrEqual(0);
      expect(state.reserved[type]).toBeGreaterThanOrEqual(0);
      expect(state.reserved[type]).toBe(pendingTotal(state, type));
    }
    const accepted = events.find((e) => e.type === 'QuotaReserved');
    if (accepted !== undefined)
      for (const type of resourceTypes) {
        const limit = enforced(state, limits, type);
        if ((accepted.data.resources[type] ?? 0) > 0 && limit !== UNLIMITED)
          expect(state.count[type] + state.reserved[type]).toBeLessThanOrEqual(limitInBaseUnits(type, limit));
      }
  }
  return { state, history };
};

describe('quota ledger properties', () => {
  it('never lets an accepted reservation exceed a limit, and the events rebuild the state', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(stepArb, { maxLength: 60 }), (limits, steps) => {
        const { state, history } = run(limits, steps);
        expect(fold(quotaDecider, history)).toEqual(state);
        // What the event store gives back (JSON) replays to the same state.
        expect(fold(quotaDecider, JSON.parse(JSON.stringify(history)) as QuotaEvent[])).toEqual(state);
        expectSchemaValid(quotaEventSchemas, history);
      }),
      { numRuns: 300 },
    );
  });

  it('never exceeds the limits when no limit changes, whatever the interleaving', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.array(
          stepArb.filter((s) => s.kind !== 'setLimit'),
          { maxLength: 60 },
        ),
        (limits, steps) => {
          const { state } = run(limits, steps);
          for (const type of limitedTypes)
            if (limits[type] !== UNLIMITED)
              expect(state.count[type] + state.reserved[type]).toBeLessThanOrEqual(
                limitInBaseUnits(type, limits[type]),
              );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never mutates the initial state', () => {
    fc.assert(
      fc.property(limitsArb, fc.array(stepArb, { maxLength: 30 }), (limits, steps) => {
        const pristine = quotaDecider.initialState();
        const snapshot = structuredClone(pristine);
        const { history } = run(limits, steps);
        history.reduce(quotaDecider.evolve, pristine);
        expect(pristine).toEqual(snapshot);
      }),
      { numRuns: 100 },
    );
  });
});
