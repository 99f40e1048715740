import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ComputeSizing,
  resolveComputeSize,
  type SizedServiceOffering,
} from '../../../src/domain/offering/service/index.ts';
import { refusalOf } from '../helpers.ts';
import { offeringId } from './fixtures.ts';

const fixed: SizedServiceOffering = {
  offeringId,
  sizing: { kind: 'fixed', cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 },
};
const custom = (
  overrides: Partial<Extract<ComputeSizing, { kind: 'custom' }>> = {},
): SizedServiceOffering => ({
  offeringId,
  sizing: {
    kind: 'custom',
    cpuSpeedMhz: 2400,
    minCpuNumber: 2,
    maxCpuNumber: 8,
    minMemoryMiB: 1024,
    maxMemoryMiB: 16384,
    ...overrides,
  },
});

describe('resolveComputeSize: fixed offering', () => {
  it('returns the offering size when nothing is requested', () => {
    expect(resolveComputeSize(fixed)).toEqual({ cpuNumber: 2, cpuSpeedMhz: 2000, memoryMiB: 4096 });
  });

  it('tolerates a request equal to the offering size', () => {
    expect(resolveComputeSize(fixed, { cpuNumber: 2, memoryMiB: 4096 })).toEqual({
      cpuNumber: 2,
      cpuSpeedMhz: 2000,
      memoryMiB: 4096,
    });
  });

  it('refuses a different size, naming the fields', () => {
    const e = refusalOf(() =>
      resolveComputeSize(fixed, { cpuNumber: 4, cpuSpeedMhz: 2000, memoryMiB: 8192 }),
    );
    expect(e.code).toBe('COMPUTE_SIZE_NOT_CUSTOMIZABLE');
    expect(e.details).toEqual({ offeringId, fields: ['cpuNumber', 'memoryMiB'] });
  });

  it('refuses a non-integer request', () => {
    expect(refusalOf(() => resolveComputeSize(fixed, { cpuNumber: 1.5 })).code).toBe('COMPUTE_SIZE_INVALID');
  });
});

describe('resolveComputeSize: custom offering with a fixed speed', () => {
  it('takes the requested CPUs and memory and the offering speed', () => {
    expect(resolveComputeSize(custom(), { cpuNumber: 4, memoryMiB: 8192 })).toEqual({
      cpuNumber: 4,
      cpuSpeedMhz: 2400,
      memoryMiB: 8192,
    });
  });

  it('accepts the bounds themselves', () => {
    expect(resolveComputeSize(custom(), { cpuNumber: 8, memoryMiB: 1024 })).toEqual({
      cpuNumber: 8,
      cpuSpeedMhz: 2400,
      memoryMiB: 1024,
    });
  });

  it('refuses a missing memory size', () => {
    const e = refusalOf(() => resolveComputeSize(custom(), { cpuNumber: 2 }));
    expect(e.code).toBe('COMPUTE_SIZE_REQUIRED');
    expect(e.details).toEqual({ offeringId, missing: ['memoryMiB'] });
  });

  it('refuses no request at all', () => {
    const e = refusalOf(() => resolveComputeSize(custom()));
    expect(e.details).toEqual({ offeringId, missing: ['cpuNumber', 'memoryMiB'] });
  });

  it('refuses another CPU speed', () => {
    const e = refusalOf(() =>
      resolveComputeSize(custom(), { cpuNumber: 2, memoryMiB: 2048, cpuSpeedMhz: 3000 }),
    );
    expect(e.code).toBe('COMPUTE_SIZE_SPEED_FIXED');
  });

  it('refuses CPUs below the minimum, naming minCpuNumber', () => {
    const e = refusalOf(() => resolveComputeSize(custom(), { cpuNumber: 1, memoryMiB: 2048 }));
    expect(e.code).toBe('COMPUTE_SIZE_OUT_OF_BOUNDS');
    expect(e.message).toBe(`cpuNumber 1 is below minCpuNumber 2 of service offering ${offeringId}`);
    expect(e.details).toMatchObject({ bound: 'minCpuNumber', limit: 2, value: 1 });
  });

  it('refuses memory above the maximum, naming maxMemoryMiB', () => {
    const e = refusalOf(() => resolveComputeSize(custom(), { cpuNumber: 2, memoryMiB: 32768 }));
    expect(e.code).toBe('COMPUTE_SIZE_OUT_OF_BOUNDS');
    expect(e.message).toContain('is above maxMemoryMiB 16384');
  });
});

describe('resolveComputeSize: unconstrained custom offering', () => {
  const open = custom({
    cpuSpeedMhz: null,
    minCpuNumber: null,
    maxCpuNumber: null,
    minMemoryMiB: null,
    maxMemoryMiB: null,
  });

  it('needs the CPU speed too', () => {
    const e = refusalOf(() => resolveComputeSize(open, { cpuNumber: 64, memoryMiB: 1 }));
    expect(e.details).toEqual({ offeringId, missing: ['cpuSpeedMhz'] });
  });

  it('takes any positive size', () => {
    expect(resolveComputeSize(open, { cpuNumber: 64, cpuSpeedMhz: 3500, memoryMiB: 1 })).toEqual({
      cpuNumber: 64,
      cpuSpeedMhz: 3500,
      memoryMiB: 1,
    });
  });

  it('refuses zero memory', () => {
    const e = refusalOf(() => resolveComputeSize(open, { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 0 }));
    expect(e.code).toBe('COMPUTE_SIZE_INVALID');
  });
});

describe('resolveComputeSize: properties', () => {
  const bounds = fc
    .tuple(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

  it('resolves exactly the requested size whenever it lies within the bounds', () => {
    fc.assert(
      fc.property(bounds, bounds, fc.nat(), fc.nat(), ([minCpu, maxCpu], [minMem, maxMem], i, j) => {
        const offering = custom({
          minCpuNumber: minCpu,
          maxCpuNumber: maxCpu,
          minMemoryMiB: minMem,
          maxMemoryMiB: maxMem,
        });
        const cpuNumber = minCpu + (i % (maxCpu - minCpu + 1));
        const memoryMiB = minMem + (j % (maxMem - minMem + 1));
        expect(resolveComputeSize(offering, { cpuNumber, memoryMiB })).toEqual({
          cpuNumber,
          cpuSpeedMhz: 2400,
          memoryMiB,
        });
      }),
    );
  });

  it('refuses every CPU count outside the bounds, naming the bound crossed', () => {
    fc.assert(
      fc.property(bounds, fc.integer({ min: 1, max: 200 }), ([minCpu, maxCpu], cpuNumber) => {
        fc.pre(cpuNumber < minCpu || cpuNumber > maxCpu);
        const offering = custom({ minCpuNumber: minCpu, maxCpuNumber: maxCpu });
        const e = refusalOf(() => resolveComputeSize(offering, { cpuNumber, memoryMiB: 2048 }));
        expect(e.code).toBe('COMPUTE_SIZE_OUT_OF_BOUNDS');
        expect(e.details.bound).toBe(cpuNumber < minCpu ? 'minCpuNumber' : 'maxCpuNumber');
      }),
    );
  });
});
