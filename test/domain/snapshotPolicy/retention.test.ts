import { describe, expect, it } from 'vitest';
import { type RetainedSnapshot, retention } from '../../../src/domain/snapshotPolicy/index.ts';

const daily = (
  snapshotId: string,
  day: number,
  state: RetainedSnapshot['state'] = 'BackedUp',
): RetainedSnapshot => ({
  snapshotId,
  type: 'DAILY',
  createdAt: `2026-05-${String(day).padStart(2, '0')}T03:00:00.000Z`,
  state,
});

describe('retention', () => {
  it('deletes nothing while at most maxSnaps recurring snapshots exist', () => {
    expect(retention([daily('a', 1), daily('b', 2)], 2)).toEqual([]);
  });

  it('deletes the oldest recurring snapshots beyond maxSnaps', () => {
    expect(retention([daily('c', 3), daily('a', 1), daily('d', 4), daily('b', 2)], 2)).toEqual(['a', 'b']);
  });

  it('never prunes manual snapshots, nor counts them', () => {
    const manual: RetainedSnapshot = {
      snapshotId: 'm',
      type: 'MANUAL',
      createdAt: '2026-04-01T00:00:00.000Z',
      state: 'BackedUp',
    };
    expect(retention([manual, daily('a', 1), daily('b', 2)], 1)).toEqual(['a']);
  });

  it('does not count snapshots already going or gone, nor failed ones', () => {
    expect(
      retention(
        [
          daily('x', 1, 'Destroyed'),
          daily('y', 2, 'Destroying'),
          daily('z', 3, 'Error'),
          daily('a', 4),
          daily('b', 5),
        ],
        2,
      ),
    ).toEqual([]);
  });

  it('counts a snapshot still being taken, so the oldest BackedUp one makes room', () => {
    expect(retention([daily('a', 1), daily('b', 2), daily('new', 3, 'Creating')], 2)).toEqual(['a']);
  });

  it('orders by time, not by how the timestamp is written', () => {
    const early: RetainedSnapshot = { ...daily('early', 1), createdAt: '2026-05-01T04:00:00+02:00' }; // 02:00Z
    expect(retention([daily('late', 1), early], 1)).toEqual(['early']);
  });

  it('breaks a tie in time by id, so every run agrees', () => {
    expect(retention([daily('b', 1), daily('a', 1)], 1)).toEqual(['a']);
  });
});
