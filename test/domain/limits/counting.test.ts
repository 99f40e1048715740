import { describe, expect, it } from 'vitest';
import {
  countsTowardLimits,
  vmStates,
  volumeCountsTowardLimits,
  volumeStates,
} from '../../../src/domain/limits/index.ts';

describe('what counts towards limits', () => {
  it.each([
    ['Starting', true],
    ['Running', true],
    ['Stopping', true],
    ['Stopped', true],
    ['Migrating', true],
    ['Unknown', true],
    ['Shutdown', true],
    ['Destroyed', false],
    ['Error', false],
    ['Expunging', false],
  ] as const)('a VM in %s counts: %s', (state, expected) => {
    expect(countsTowardLimits(state)).toBe(expected);
  });

  it('classifies every VM state', () => {
    expect(vmStates).toHaveLength(10);
  });

  it.each([
    ['Allocated', true],
    ['Creating', true],
    ['Ready', true],
    ['Attaching', true],
    ['Resizing', true],
    ['Snapshotting', true],
    ['Migrating', true],
    ['Uploaded', true],
    ['Destroy', false],
    ['Destroying', false],
    ['Expunging', false],
    ['Expunged', false],
  ] as const)('a volume in %s counts: %s', (state, expected) => {
    expect(volumeCountsTowardLimits(state)).toBe(expected);
  });

  it('counts every volume state before Destroy', () => {
    const counted = volumeStates.filter(volumeCountsTowardLimits);
    expect(counted).toHaveLength(volumeStates.length - 4);
  });
});
