import { describe, expect, it } from 'vitest';
import {
  checkLimits,
  type DomainLimitLink,
  defaultAccountLimits,
  defaultDomainLimits,
  effectiveAccountLimit,
  effectiveAccountLimits,
  effectiveDomainLimit,
  effectiveDomainLimits,
  firstExcess,
  type LimitScope,
  perResourceType,
  type ResourceAmounts,
  UNLIMITED,
} from '../../../src/domain/limits/index.ts';
import { DomainError } from '../../../src/domain/shared/index.ts';
import { ids } from '../tenancy/fixtures.ts';

const GiB = 1024 ** 3;

describe('effectiveAccountLimit', () => {
  it.each([
    ['the default for a User account', 'cpu', {}, 'User', 40],
    ['the default for a DomainAdmin account', 'memory', {}, 'DomainAdmin', 40960],
    ['the explicit row over the default', 'cpu', { cpu: 8 }, 'User', 8],
    ['an explicit unlimited row', 'user_vm', { user_vm: -1 }, 'User', UNLIMITED],
    ['an explicit zero', 'public_ip', { public_ip: 0 }, 'User', 0],
    ['unlimited for a root admin, explicit row or not', 'cpu', { cpu: 8 }, 'RootAdmin', UNLIMITED],
    ['unlimited for a root admin by default', 'volume', {}, 'RootAdmin', UNLIMITED],
  ] as const)('is %s', (_what, type, explicit, accountType, expected) => {
    expect(effectiveAccountLimit(type, explicit, accountType)).toBe(expected);
  });

  it('resolves every type at once', () => {
    expect(effectiveAccountLimits({ cpu: 8 }, 'User')).toEqual({ ...defaultAccountLimits, cpu: 8 });
  });
});

describe('effectiveDomainLimit', () => {
  const root: DomainLimitLink = { tenantDomainId: ids.root, parentId: null, explicit: { cpu: 5 } };
  const acme = (explicit: ResourceAmounts = {}): DomainLimitLink => ({
    tenantDomainId: ids.acme,
    parentId: ids.root,
    explicit,
  });
  const dev = (explicit: ResourceAmounts = {}): DomainLimitLink => ({
    tenantDomainId: ids.dev,
    parentId: ids.acme,
    explicit,
  });

  it.each([
    ['ROOT is always unlimited', [root], UNLIMITED],
    ['the domain default without any explicit row', [dev(), acme(), root], 80],
    ["the domain's own explicit row", [dev({ cpu: 12 }), acme({ cpu: 30 }), root], 12],
    ["the nearest ancestor's explicit row", [dev(), acme({ cpu: 30 }), root], 30],
    ['an explicit unlimited row', [dev({ cpu: -1 }), acme({ cpu: 30 }), root], UNLIMITED],
    ["never ROOT's row (it is not inherited)", [dev(), acme(), root], 80],
    ['the default for a chain that does not reach ROOT', [dev()], 80],
  ] as const)('%s', (_what, chain, expected) => {
    expect(effectiveDomainLimit('cpu', chain)).toBe(expected);
  });

  it('refuses an empty chain', () => {
    expect(() => effectiveDomainLimit('cpu', [])).toThrow(DomainError);
  });

  it('resolves every type at once', () => {
    expect(effectiveDomainLimits([dev({ memory: 1024 }), acme({ cpu: 30 }), root])).toEqual({
      ...defaultDomainLimits,
      memory: 1024,
      cpu: 30,
    });
  });
});

describe('firstExcess', () => {
  const limits = { ...defaultAccountLimits, cpu: 4, primary_storage: 10 };

  it.each([
    ['fits exactly', { cpu: 2 }, { cpu: 2 }, null],
    ['cpu one over', { cpu: 3 }, { cpu: 2 }, { type: 'cpu', limit: 4, used: 3, requested: 2 }],
    [
      'storage limited in GiB, counted in bytes',
      { primary_storage: 9 * GiB },
      { primary_storage: GiB },
      null,
    ],
    [
      'storage one byte over',
      { primary_storage: 9 * GiB + 1 },
      { primary_storage: GiB },
      { type: 'primary_storage', limit: 10, used: 9 * GiB + 1, requested: GiB },
    ],
    ['zero requested never exceeds', { cpu: 10 }, { cpu: 0 }, null],
  ] as const)('%s', (_what, used, request, expected) => {
    expect(firstExcess(request, limits, used)).toEqual(expected);
  });
});

describe('checkLimits', () => {
  const limited = (values: ResourceAmounts) => perResourceType((t) => values[t] ?? UNLIMITED);
  const account = (
    used: ResourceAmounts,
    limits: ResourceAmounts = { user_vm: 20, cpu: 40, memory: 40960 },
  ): LimitScope => ({
    kind: 'account',
    id: ids.alice,
    isRoot: false,
    limits: limited(limits),
    used,
  });
  const domain = (
    id: string,
    used: ResourceAmounts,
    limits: ResourceAmounts,
    isRoot = false,
  ): LimitScope => ({
    kind: 'domain',
    id,
    isRoot,
    limits: limited(limits),
    used,
  });
  const request = { user_vm: 1, cpu: 2, memory: 2048 };
  const rootScope = domain(ids.root, { cpu: 1000 }, { cpu: 1 }, true);

  it('fits and touches the account and each limited ancestor, never ROOT', () => {
    expect(
      checkLimits(request, [
        account({ cpu: 10 }),
        domain(ids.dev, {}, { cpu: 80 }),
        domain(ids.acme, {}, { memory: 81920 }),
        rootScope,
      ]),
    ).toEqual({
      touched: [
        { kind: 'account', id: ids.alice },
        { kind: 'domain', id: ids.dev },
        { kind: 'domain', id: ids.acme },
      ],
      exceeded: null,
    });
  });

  it('skips a domain unlimited for every requested resource', () => {
    expect(checkLimits(request, [account({}), domain(ids.acme, {}, { volume: 1 })]).touched).toEqual([
      { kind: 'account', id: ids.alice },
    ]);
  });

  it('names the account when the account does not fit', () => {
    expect(checkLimits(request, [account({ cpu: 39 }), domain(ids.acme, {}, { cpu: 80 })]).exceeded).toEqual({
      kind: 'account',
      id: ids.alice,
      type: 'cpu',
      limit: 40,
      used: 39,
      requested: 2,
    });
  });

  it('names the first ancestor domain that does not fit', () => {
    const result = checkLimits(request, [
      account({}),
      domain(ids.dev, { memory: 0 }, { memory: 81920 }),
      domain(ids.acme, { user_vm: 40 }, { user_vm: 40 }),
      domain(ids.globex, { user_vm: 40 }, { user_vm: 40 }),
    ]);
    expect(result.exceeded).toMatchObject({ kind: 'domain', id: ids.acme, type: 'user_vm' });
  });

  it('ignores ROOT even when its scope looks full', () => {
    expect(checkLimits(request, [account({}, {}), rootScope])).toEqual({ touched: [], exceeded: null });
  });

  it('is unlimited for a root admin account (all -1)', () => {
    expect(checkLimits({ cpu: 10_000 }, [account({ cpu: 10 ** 9 }, {})]).exceeded).toBeNull();
  });
});
