import { describe, expect, it } from 'vitest';
import { hypervisorTypes } from '../../../src/domain/hypervisor/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import {
  isRevertable,
  type SnapshotCommand,
  type SnapshotEvent,
  snapshotDecider,
  snapshotEventSchemas,
  snapshotStatuses,
  snapshotTransitions,
} from '../../../src/domain/snapshot/index.ts';
import { backedUp, cmd, GiB, take } from './fixtures.ts';

const run = (commands: readonly SnapshotCommand[]): SnapshotEvent[] => {
  const history: SnapshotEvent[] = [];
  for (const command of commands)
    history.push(...snapshotDecider.decide(command, fold(snapshotDecider, history)));
  return history;
};

const id = { snapshotId: 'snap-1' };

describe('the snapshot state machine', () => {
  it('leads only to known states', () => {
    const targets = snapshotStatuses.flatMap((s) => Object.values(snapshotTransitions[s]));
    expect(targets.every((t) => (snapshotStatuses as readonly string[]).includes(t))).toBe(true);
  });

  it('runs a whole life, each event valid against its schema', () => {
    const events = run([
      take({ type: 'WEEKLY', policyId: 'pol-weekly' }),
      cmd('StartSnapshotCreation', id),
      cmd('RecordSnapshotOnPrimary', id),
      cmd('StartSnapshotBackup', id),
      cmd('CompleteSnapshotBackup', { ...id, physicalSizeBytes: 3 * GiB }),
      cmd('CopySnapshot', { ...id, toZoneId: 'zone-2' }),
      cmd('CompleteSnapshotCopy', id),
      cmd('RevertSnapshot', { ...id, volumeState: 'Ready', attachedVmState: null, vmHasVmSnapshots: false }),
      cmd('DeleteSnapshot', id),
      cmd('CompleteSnapshotDeletion', id),
    ]);
    for (const e of events)
      expect(snapshotEventSchemas[e.type].schema.safeParse(e.data).success, e.type).toBe(true);
    expect(fold(snapshotDecider, events)).toMatchObject({
      status: 'Destroyed',
      snapshotType: 'WEEKLY',
      policyId: 'pol-weekly',
      physicalSizeBytes: 3 * GiB,
      zoneIds: ['zone-1', 'zone-2'],
      copyingTo: null,
    });
  });
});

describe('evolve', () => {
  it('ignores events of a snapshot that was never allocated', () => {
    expect(fold(snapshotDecider, backedUp.slice(1))).toBeNull();
  });

  it('ignores a second allocation', () => {
    expect(fold(snapshotDecider, [...backedUp, backedUp[0]!])).toMatchObject({ status: 'BackedUp' });
  });
});

describe('revertable', () => {
  it('is true for KVM (QCOW2) and the Simulator only', () => {
    expect(hypervisorTypes.filter(isRevertable)).toEqual(['KVM', 'Simulator']);
  });
});
