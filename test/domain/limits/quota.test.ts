import { describe, expect, it } from 'vitest';
import {
  defaultAccountLimits,
  type LimitTarget,
  type QuotaCommand,
  type QuotaEvent,
  type QuotaLedgerRef,
  quotaDecider,
  quotaEventSchemas,
  quotaStreamName,
  type ResourceAmounts,
  type ResourceLimits,
} from '../../../src/domain/limits/index.ts';
import type { Caller } from '../../../src/domain/tenancy/roles.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { expectSchemaValid, ids, later, now, uuid } from '../tenancy/fixtures.ts';

const spec = DeciderSpecification.for(quotaDecider);
const GiB = 1024 ** 3;

const ledger: QuotaLedgerRef = { scope: 'account', ownerId: ids.alice };
const on = { scope: 'account', ownerId: ids.alice } as const;
const limits: ResourceLimits = {
  ...defaultAccountLimits,
  user_vm: 2,
  cpu: 4,
  memory: 4096,
  primary_storage: 10,
};
const expiresAt = '2026-03-01T10:15:00.000Z';
const r1 = uuid(0x501);
const r2 = uuid(0x502);
const destroyRelease = uuid(0x503);
const vm = { user_vm: 1, cpu: 2, memory: 2048 };

const reserve = (
  reservationId: string,
  resources: ResourceAmounts,
  overrides: Partial<{ now: string; expiresAt: string; limits: ResourceLimits }> = {},
): QuotaCommand => ({
  type: 'ReserveQuota',
  data: { ledger, reservationId, resources, limits, now, expiresAt, ...overrides },
});
const commit = (reservationId: string, at = later): QuotaCommand => ({
  type: 'CommitQuota',
  data: { ledger, reservationId, now: at },
});
const release = (reservationId: string, resources?: ResourceAmounts): QuotaCommand => ({
  type: 'ReleaseQuota',
  data: { ledger, reservationId, now: later, ...(resources ? { resources } : {}) },
});
const expire = (at: string): QuotaCommand => ({ type: 'ExpireQuotaReservations', data: { ledger, now: at } });

const reserved = (reservationId: string, resources: ResourceAmounts): QuotaEvent => ({
  type: 'QuotaReserved',
  data: { ...on, reservationId, resources, reservedAt: now, expiresAt },
});
const committed = (reservationId: string, resources: ResourceAmounts): QuotaEvent => ({
  type: 'QuotaCommitted',
  data: { ...on, reservationId, resources, committedAt: later },
});
const released = (
  reservationId: string,
  resources: ResourceAmounts,
  from: 'reserved' | 'count',
): QuotaEvent => ({
  type: 'QuotaReleased',
  data: { ...on, reservationId, resources, from, releasedAt: later },
});
const expired = (reservationId: string, resources: ResourceAmounts, at: string): QuotaEvent => ({
  type: 'QuotaReservationExpired',
  data: { ...on, reservationId, resources, expiredAt: at },
});

const rootAdmin: Caller = {
  userId: uuid(0x901),
  accountId: uuid(0x900),
  tenantDomainId: ids.root,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};
const aliceTarget: LimitTarget = {
  kind: 'account',
  accountId: ids.alice,
  accountType: 'User',
  tenantDomainId: ids.acme,
  tenantDomainPath: 'ROOT/acme',
};
const setLimit = (max: number, target: LimitTarget = aliceTarget): QuotaCommand => ({
  type: 'SetResourceLimit',
  data: { target, type: 'cpu', max, caller: rootAdmin, now },
});
const limitSet = (max: number): QuotaEvent => ({
  type: 'LimitSet',
  data: { ...on, type: 'cpu', max, setAt: now },
});

describe('quota ledger', () => {
  it('names its streams quota_account-<id> and quota_domain-<id>', () => {
    expect(quotaStreamName(ledger)).toBe(`quota_account-${ids.alice}`);
    expect(quotaStreamName({ scope: 'domain', ownerId: ids.acme })).toBe(`quota_domain-${ids.acme}`);
  });

  describe('when empty', () => {
    it('reserves what fits', () => {
      spec
        .given([])
        .when(reserve(r1, vm))
        .then([reserved(r1, vm)]);
    });

    it('refuses what exceeds a limit, naming the resource, limit, current count and request', () => {
      spec
        .given([])
        .when(reserve(r1, { cpu: 5 }))
        .thenThrows('RESOURCE_LIMIT_EXCEEDED', (e) => {
          expect(e.kind).toBe('limit_exceeded');
          expect(e.message).toBe(
            `The account ${ids.alice} may use at most 4 cores of cpu: 0 cores are in use or reserved and 5 cores more were requested.`,
          );
          expect(e.details).toEqual({ ...on, type: 'cpu', limit: 4, current: 0, requested: 5 });
        });
    });

    it('reserves any amount of an unlimited resource', () => {
      const huge = { network: 10_000 };
      spec
        .given([])
        .when(reserve(r1, huge, { limits: { ...limits, network: -1 } }))
        .then([reserved(r1, huge)]);
    });

    it('counts storage in bytes against a limit in GiB', () => {
      spec
        .given([])
        .when(reserve(r1, { primary_storage: 10 * GiB + 1 }))
        .thenThrows('RESOURCE_LIMIT_EXCEEDED', (e) =>
          expect(e.message).toContain('at most 10 GiB of primary_storage'),
        );
    });

    it.each([
      ['a negative amount', { cpu: -1 }],
      ['a fractional amount', { memory: 1.5 }],
      ['an unknown resource', { gpu: 1 } as ResourceAmounts],
    ])('refuses %s', (_what, resources) => {
      spec.given([]).when(reserve(r1, resources)).thenThrows('QUOTA_AMOUNT_INVALID');
    });

    it('refuses an expiry that is not after now', () => {
      spec
        .given([])
        .when(reserve(r1, vm, { expiresAt: now }))
        .thenThrows('QUOTA_EXPIRY_INVALID');
    });

    it('refuses a time that is not ISO-8601', () => {
      spec
        .given([])
        .when(reserve(r1, vm, { now: 'yesterday' }))
        .thenThrows('QUOTA_TIME_INVALID');
    });

    it('refuses committing an unknown reservation', () => {
      spec.given([]).when(commit(r1)).thenThrows('QUOTA_RESERVATION_NOT_FOUND');
    });

    it('refuses releasing an unknown reservation without amounts', () => {
      spec.given([]).when(release(r1)).thenThrows('QUOTA_RESERVATION_NOT_FOUND');
    });

    it('refuses releasing invalid amounts', () => {
      spec
        .given([])
        .when(release(destroyRelease, { cpu: -2 }))
        .thenThrows('QUOTA_AMOUNT_INVALID');
    });

    it('never releases counted usage below zero', () => {
      spec
        .given([])
        .when(release(destroyRelease, { cpu: 2 }))
        .then([released(destroyRelease, { cpu: 0 }, 'count')]);
    });

    it('has nothing to expire', () => {
      spec.given([]).when(expire(later)).thenNothingHappened();
    });

    it('records an explicit limit', () => {
      spec
        .given([])
        .when(setLimit(8))
        .then([limitSet(8)]);
    });

    it('records a domain limit on the domain ledger', () => {
      const acme: LimitTarget = {
        kind: 'domain',
        tenantDomainId: ids.acme,
        parentId: ids.root,
        tenantDomainPath: 'ROOT/acme',
        parentLimit: -1,
      };
      spec
        .given([])
        .when(setLimit(100, acme))
        .then([
          {
            type: 'LimitSet',
            data: { scope: 'domain', ownerId: ids.acme, type: 'cpu', max: 100, setAt: now },
          },
        ]);
    });

    it('refuses a limit update the rules forbid', () => {
      spec.given([]).when(setLimit(-5)).thenThrows('RESOURCE_LIMIT_INVALID');
    });

    it('refuses a limit on the ROOT domain', () => {
      const root: LimitTarget = {
        kind: 'domain',
        tenantDomainId: ids.root,
        parentId: null,
        tenantDomainPath: 'ROOT',
        parentLimit: -1,
      };
      spec.given([]).when(setLimit(10, root)).thenThrows('RESOURCE_LIMIT_ROOT_DOMAIN');
    });
  });

  describe('with a pending reservation', () => {
    const given = [reserved(r1, vm)];

    it('does nothing when the same reservation is made again', () => {
      spec.given(given).when(reserve(r1, vm)).thenNothingHappened();
    });

    it('counts pending reservations against the limit', () => {
      spec
        .given(given)
        .when(reserve(r2, { cpu: 3 }))
        .thenThrows('RESOURCE_LIMIT_EXCEEDED', (e) =>
          expect(e.details).toMatchObject({ current: 2, requested: 3 }),
        );
    });

    it('reserves what still fits exactly', () => {
      spec
        .given(given)
        .when(reserve(r2, { user_vm: 1, cpu: 2 }))
        .then([reserved(r2, { user_vm: 1, cpu: 2 })]);
    });

    it('commits it', () => {
      spec
        .given(given)
        .when(commit(r1))
        .then([committed(r1, vm)]);
    });

    it('commits it after its expiry time as long as it has not been swept', () => {
      spec
        .given(given)
        .when(commit(r1, '2026-03-01T12:00:00.000Z'))
        .then([
          {
            type: 'QuotaCommitted',
            data: { ...on, reservationId: r1, resources: vm, committedAt: '2026-03-01T12:00:00.000Z' },
          },
        ]);
    });

    it('releases it', () => {
      spec
        .given(given)
        .when(release(r1))
        .then([released(r1, vm, 'reserved')]);
    });

    it('refuses releasing it with explicit amounts', () => {
      spec
        .given(given)
        .when(release(r1, { cpu: 1 }))
        .thenThrows('QUOTA_RESERVATION_ID_IN_USE');
    });

    it('does not expire it before its expiry', () => {
      spec.given(given).when(expire('2026-03-01T10:14:59.999Z')).thenNothingHappened();
    });

    it('expires it at its expiry', () => {
      spec
        .given(given)
        .when(expire(expiresAt))
        .then([expired(r1, vm, expiresAt)]);
    });

    it('expires every overdue reservation, and only those', () => {
      const laterOne: QuotaEvent = {
        type: 'QuotaReserved',
        data: {
          ...on,
          reservationId: r2,
          resources: { cpu: 1 },
          reservedAt: now,
          expiresAt: '2026-03-01T13:00:00Z',
        },
      };
      spec
        .given([...given, laterOne])
        .when(expire(later))
        .then([expired(r1, vm, later)]);
    });
  });

  describe('with committed usage', () => {
    const given = [reserved(r1, vm), committed(r1, vm)];

    it('does nothing when committed again', () => {
      spec.given(given).when(commit(r1)).thenNothingHappened();
    });

    it('counts committed usage against the limit', () => {
      spec
        .given(given)
        .when(reserve(r2, { memory: 2049 }))
        .thenThrows('RESOURCE_LIMIT_EXCEEDED');
    });

    it('gives committed usage back when the reservation is released by id', () => {
      spec
        .given(given)
        .when(release(r1))
        .then([released(r1, vm, 'count')]);
    });

    it('releases counted usage under a fresh id with explicit amounts (a destroyed VM)', () => {
      spec
        .given(given)
        .when(release(destroyRelease, vm))
        .then([released(destroyRelease, vm, 'count')]);
    });

    it('clamps an explicit release to what is counted', () => {
      spec
        .given(given)
        .when(release(destroyRelease, { cpu: 3, memory: 1024 }))
        .then([released(destroyRelease, { cpu: 2, memory: 1024 }, 'count')]);
    });

    it('never expires committed usage', () => {
      spec.given(given).when(expire('2027-01-01T00:00:00Z')).thenNothingHappened();
    });

    it('lets the limit be lowered below the usage (nothing is destroyed)', () => {
      spec
        .given(given)
        .when(setLimit(1))
        .then([limitSet(1)]);
    });
  });

  describe('after a release', () => {
    const given = [reserved(r1, vm), committed(r1, vm), released(r1, vm, 'count')];

    it('does nothing when released again', () => {
      spec.given(given).when(release(r1)).thenNothingHappened();
    });

    it('does nothing when a destroy release is repeated', () => {
      spec
        .given([...given, released(destroyRelease, vm, 'count')])
        .when(release(destroyRelease, vm))
        .thenNothingHappened();
    });

    it('refuses committing it', () => {
      spec
        .given(given)
        .when(commit(r1))
        .thenThrows('QUOTA_RESERVATION_CLOSED', (e) =>
          expect(e.details).toMatchObject({ closed: 'released' }),
        );
    });

    it('does nothing when the same reservation id is reserved again', () => {
      spec.given(given).when(reserve(r1, vm)).thenNothingHappened();
    });

    it('has the capacity back for a new reservation', () => {
      spec
        .given(given)
        .when(reserve(r2, { cpu: 4 }))
        .then([reserved(r2, { cpu: 4 })]);
    });
  });

  describe('after an expiry', () => {
    const given = [reserved(r1, vm), expired(r1, vm, later)];

    it('refuses committing it', () => {
      spec
        .given(given)
        .when(commit(r1))
        .thenThrows('QUOTA_RESERVATION_CLOSED', (e) =>
          expect(e.details).toMatchObject({ closed: 'expired' }),
        );
    });

    it('does nothing when it is released', () => {
      spec.given(given).when(release(r1)).thenNothingHappened();
    });

    it('has the capacity back for a new reservation', () => {
      spec
        .given(given)
        .when(reserve(r2, { user_vm: 2, cpu: 4 }))
        .then([reserved(r2, { user_vm: 2, cpu: 4 })]);
    });
  });

  describe('with an explicit limit on the ledger', () => {
    it('applies it over the resolved limit the command carries', () => {
      spec
        .given([limitSet(1)])
        .when(reserve(r1, { cpu: 2 }))
        .thenThrows('RESOURCE_LIMIT_EXCEEDED', (e) => expect(e.details).toMatchObject({ limit: 1 }));
    });

    it('applies an explicit unlimited limit', () => {
      spec
        .given([limitSet(-1)])
        .when(reserve(r1, { cpu: 100 }))
        .then([reserved(r1, { cpu: 100 })]);
    });

    it('does nothing when the same limit is set again', () => {
      spec
        .given([limitSet(8)])
        .when(setLimit(8))
        .thenNothingHappened();
    });
  });

  it('emits events that match their schemas', () => {
    expectSchemaValid(quotaEventSchemas, [
      limitSet(8),
      reserved(r1, vm),
      committed(r1, vm),
      released(r1, vm, 'count'),
      expired(r2, { cpu: 1 }, later),
    ]);
  });
});
