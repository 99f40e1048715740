import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bytesPerGiB,
  resolveDiskSize,
  type SizedDiskOffering,
} from '../../../src/domain/offering/disk/index.ts';
import { refusalOf } from '../helpers.ts';
import { offeringId } from './fixtures.ts';

const fixed: SizedDiskOffering = { offeringId, sizing: { kind: 'fixed', sizeGiB: 20 } };
const custom: SizedDiskOffering = { offeringId, sizing: { kind: 'custom', minSizeGiB: 10, maxSizeGiB: 100 } };
const open: SizedDiskOffering = {
  offeringId,
  sizing: { kind: 'custom', minSizeGiB: null, maxSizeGiB: null },
};

describe('resolveDiskSize', () => {
  it('returns the fixed size in GiB and bytes', () => {
    expect(resolveDiskSize(fixed)).toEqual({ sizeGiB: 20, sizeBytes: 20 * 1073741824 });
  });

  it('tolerates the fixed size requested explicitly', () => {
    expect(resolveDiskSize(fixed, 20)).toEqual({ sizeGiB: 20, sizeBytes: 21474836480 });
  });

  it('refuses another size on a fixed offering', () => {
    const e = refusalOf(() => resolveDiskSize(fixed, 30));
    expect(e.code).toBe('DISK_SIZE_NOT_CUSTOMIZABLE');
    expect(e.details).toEqual({ offeringId, requestedGiB: 30, sizeGiB: 20 });
  });

  it('takes the requested size on a custom offering', () => {
    expect(resolveDiskSize(custom, 50)).toEqual({ sizeGiB: 50, sizeBytes: 50 * bytesPerGiB });
  });

  it('refuses a custom offering without a size', () => {
    expect(refusalOf(() => resolveDiskSize(custom)).code).toBe('DISK_SIZE_REQUIRED');
  });

  it('refuses a fractional size', () => {
    expect(refusalOf(() => resolveDiskSize(custom, 10.5)).code).toBe('DISK_SIZE_INVALID');
  });

  it('refuses a size below minSizeGiB, naming it', () => {
    const e = refusalOf(() => resolveDiskSize(custom, 5));
    expect(e.code).toBe('DISK_SIZE_OUT_OF_BOUNDS');
    expect(e.message).toBe(`sizeGiB 5 is below minSizeGiB 10 of disk offering ${offeringId}`);
  });

  it('refuses a size above maxSizeGiB, naming it', () => {
    expect(refusalOf(() => resolveDiskSize(custom, 101)).details).toMatchObject({
      bound: 'maxSizeGiB',
      limit: 100,
    });
  });

  it('takes any positive size on an unbounded custom offering', () => {
    expect(resolveDiskSize(open, 4096).sizeGiB).toBe(4096);
  });

  it('always answers bytes = GiB × 2^30 for sizes within bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100 }), (gib) => {
        expect(resolveDiskSize(custom, gib)).toEqual({ sizeGiB: gib, sizeBytes: gib * 2 ** 30 });
      }),
    );
  });
});
