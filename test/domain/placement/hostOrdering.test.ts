import { describe, expect, it } from 'vitest';
import { planPlacement } from '../../../src/domain/placement/index.ts';
import { host, load, request, settings } from './fixtures.ts';

/** Given one cluster's hosts, when planning, then the allocator orders them (§8.4). */

// CPU free: h1 8,000, h2 14,000, h3 2,000 MHz. Memory free: h1 16,384, h2 4,096, h3 8,192 MiB.
const hosts = [
  host('h1', { load: load({ usedCpuMhz: 8_000 }) }),
  host('h2', { load: load({ usedCpuMhz: 2_000, usedMemoryMiB: 12_288 }) }),
  host('h3', { load: load({ usedCpuMhz: 14_000, usedMemoryMiB: 8_192 }) }),
];
const order = (extra: Parameters<typeof request>[0], s = settings()) =>
  planPlacement(request(extra), hosts, s).hostIds;

describe('firstfit', () => {
  it('given hosts in read-model order, then that order is kept', () => {
    expect(order({ allocator: 'firstfit' })).toEqual(['h1', 'h2', 'h3']);
  });
});

describe('firstfitleastconsumed', () => {
  it('given CPU ordering, then the host with the most free MHz comes first', () => {
    expect(order({ allocator: 'firstfitleastconsumed' })).toEqual(['h2', 'h1', 'h3']);
  });

  it('given RAM ordering, then the host with the most free MiB comes first', () => {
    const s = settings({ capacityOrdering: 'RAM' });
    expect(order({ allocator: 'firstfitleastconsumed' }, s)).toEqual(['h1', 'h3', 'h2']);
  });

  it('given COMBINED ordering, then the weighted free shares rank them', () => {
    // h1: (0.5 + 1)/2 = 0.75; h2: (0.875 + 0.25)/2 = 0.5625; h3: (0.125 + 0.5)/2 = 0.3125
    const s = settings({ capacityOrdering: 'COMBINED' });
    expect(order({ allocator: 'firstfitleastconsumed' }, s)).toEqual(['h1', 'h2', 'h3']);
  });

  it('given reserved capacity, then it is not free', () => {
    const reserved = [
      host('a', { load: load({ reservedCpuMhz: 9_000 }) }),
      host('b', { load: load({ usedCpuMhz: 1 }) }),
    ];
    const p = planPlacement(request({ allocator: 'firstfitleastconsumed' }), reserved, settings());
    expect(p.hostIds).toEqual(['b', 'a']);
  });
});

describe('userdispersing', () => {
  it('given the account’s VMs per host, then hosts with fewer of them come first', () => {
    expect(order({ allocator: 'userdispersing', accountVmCountByHost: { h1: 2, h2: 5 } })).toEqual([
      'h3',
      'h1',
      'h2',
    ]);
  });

  it('given equal counts, then read-model order breaks the tie', () => {
    expect(order({ allocator: 'userdispersing', accountVmCountByHost: { h2: 1 } })).toEqual([
      'h1',
      'h3',
      'h2',
    ]);
  });
});

describe('random', () => {
  const many = Array.from({ length: 12 }, (_, i) => host(`h${i}`));
  const shuffled = (seed: number) =>
    planPlacement(request({ allocator: 'random', seed }), many, settings()).hostIds;

  it('given the same seed twice, then the order is the same', () => {
    expect(shuffled(7)).toEqual(shuffled(7));
  });

  it('given a seed, then every eligible host is still offered once', () => {
    expect([...shuffled(7)].sort()).toEqual(many.map((h) => h.hostId).sort());
  });

  it('given two different seeds, then the orders differ', () => {
    expect(shuffled(7)).not.toEqual(shuffled(8));
  });

  it('given a seed, then the order is not simply the read-model order', () => {
    expect(shuffled(7)).not.toEqual(many.map((h) => h.hostId));
  });
});
