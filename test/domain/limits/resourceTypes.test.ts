import { describe, expect, it } from 'vitest';
import {
  defaultAccountLimits,
  defaultDomainLimits,
  describeAmount,
  limitInBaseUnits,
  type ResourceType,
  resourceOrdinal,
  resourceTypeOfOrdinal,
  resourceTypes,
  UNLIMITED,
} from '../../../src/domain/limits/index.ts';

const GiB = 1024 ** 3;

describe('resource types', () => {
  it.each([
    ['user_vm', 0],
    ['public_ip', 1],
    ['volume', 2],
    ['snapshot', 3],
    ['template', 4],
    ['project', 5],
    ['network', 6],
    ['vpc', 7],
    ['cpu', 8],
    ['memory', 9],
    ['primary_storage', 10],
    ['secondary_storage', 11],
  ] as const)('%s has the CloudStack ordinal %i, both ways', (type, ordinal) => {
    expect(resourceOrdinal(type)).toBe(ordinal);
    expect(resourceTypeOfOrdinal(ordinal)).toBe(type);
  });

  it('has exactly twelve types', () => {
    expect(resourceTypes).toHaveLength(12);
    expect(resourceTypeOfOrdinal(12)).toBeUndefined();
  });

  it.each([
    ['user_vm', 20, 40],
    ['public_ip', 20, 40],
    ['volume', 20, 40],
    ['snapshot', 20, 40],
    ['template', 20, 40],
    ['project', 10, 50],
    ['network', 20, 40],
    ['vpc', 20, 40],
    ['cpu', 40, 80],
    ['memory', 40960, 81920],
    ['primary_storage', 200, 400],
    ['secondary_storage', 400, 800],
  ] as const)('%s defaults to %i per account and %i per domain', (type, account, domain) => {
    expect(defaultAccountLimits[type]).toBe(account);
    expect(defaultDomainLimits[type]).toBe(domain);
  });

  it.each([
    ['primary_storage', 200, 200 * GiB],
    ['secondary_storage', 1, GiB],
    ['memory', 2048, 2048],
    ['cpu', 4, 4],
    ['primary_storage', UNLIMITED, UNLIMITED],
  ] as const)('a %s limit of %i is %i in base units', (type, limit, base) => {
    expect(limitInBaseUnits(type, limit)).toBe(base);
  });

  it.each([
    ['primary_storage', 1.5 * GiB, '1.5 GiB'],
    ['secondary_storage', 100 * 1024 ** 2, '0.1 GiB'],
    ['memory', 2048, '2048 MiB'],
    ['cpu', 2, '2 cores'],
    ['user_vm', 1, '1 VMs'],
  ] as [ResourceType, number, string][])('describes %s %i as %s', (type, amount, text) => {
    expect(describeAmount(type, amount)).toBe(text);
  });
});
