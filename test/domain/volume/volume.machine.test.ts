import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import {
  type VolumeCommand,
  type VolumeEvent,
  volumeDecider,
  volumeEventSchemas,
  volumeStatuses,
  volumeTransitions,
} from '../../../src/domain/volume/index.ts';
import { attachToStopped, cmd, createData, ev, GiB, now, placed, ready, rootAllocated } from './fixtures.ts';

/** Runs commands through decide and evolve as the command side does, keeping every event. */
const run = (commands: readonly VolumeCommand[]): VolumeEvent[] => {
  const history: VolumeEvent[] = [];
  for (const command of commands)
    history.push(...volumeDecider.decide(command, fold(volumeDecider, history)));
  return history;
};

const id = { volumeId: 'vol-data' };
const lifecycle: VolumeCommand[] = [
  createData(),
  cmd('PlaceVolume', { ...id, poolId: 'pool-1' }),
  cmd('CompleteVolumeCreation', id),
  attachToStopped({ vmState: 'Running' }),
  cmd('CompleteVolumeAttach', id),
  cmd('ResizeVolume', { ...id, newSizeBytes: 30 * GiB, shrinkOk: false, vmHasVmSnapshots: false }),
  cmd('CompleteVolumeResize', id),
  cmd('BeginVolumeSnapshot', { ...id, snapshotId: 'snap-1' }),
  cmd('EndVolumeSnapshot', { ...id, snapshotId: 'snap-1' }),
  cmd('DetachVolume', id),
  cmd('BeginVolumeRevert', {
    ...id,
    snapshotId: 'snap-1',
    snapshotSizeBytes: 10 * GiB,
    vmState: null,
    vmHasVmSnapshots: false,
  }),
  cmd('CompleteVolumeRevert', { ...id, snapshotId: 'snap-1' }),
  cmd('MigrateVolume', { ...id, poolId: 'pool-2', vmRunning: false, liveMigrate: false }),
  cmd('CompleteVolumeMigration', id),
  cmd('DeleteVolume', { ...id, now }),
  cmd('RecoverVolume', id),
  cmd('DeleteVolume', { ...id, now }),
  cmd('ExpungeVolume', { ...id, now, expungeDelaySeconds: 0 }),
  cmd('CompleteVolumeExpunge', id),
];

describe('the volume state machine', () => {
  it('leads only to known states', () => {
    const targets = volumeStatuses.flatMap((s) => Object.values(volumeTransitions[s]));
    expect(targets.every((t) => (volumeStatuses as readonly string[]).includes(t))).toBe(true);
  });

  it('allows nothing once Expunged', () => {
    expect(volumeTransitions.Expunged).toEqual({});
  });

  it('runs a whole life, each event valid against its schema', () => {
    const events = run(lifecycle);
    expect(events.map((e) => e.type)).toEqual([
      'VolumeAllocated',
      'VolumePlaced',
      'VolumeCreated',
      'VolumeAttachStarted',
      'VolumeAttachCompleted',
      'VolumeResizeStarted',
      'VolumeResizeCompleted',
      'VolumeSnapshotStarted',
      'VolumeSnapshotEnded',
      'VolumeDetached',
      'VolumeRevertStarted',
      'VolumeReverted',
      'VolumeMigrationStarted',
      'VolumeMigrated',
      'VolumeDestroyed',
      'VolumeRecovered',
      'VolumeDestroyed',
      'VolumeExpungeStarted',
      'VolumeExpunged',
    ]);
    for (const e of events)
      expect(volumeEventSchemas[e.type].schema.safeParse(e.data).success, e.type).toBe(true);
    expect(fold(volumeDecider, events)).toMatchObject({
      status: 'Expunged',
      poolId: 'pool-2',
      sizeBytes: 10 * GiB,
    });
  });

  it('folds an attached, resized volume into its current facts', () => {
    const events = run(lifecycle.slice(0, 7));
    expect(fold(volumeDecider, events)).toMatchObject({
      status: 'Ready',
      poolId: 'pool-1',
      attachment: { vmId: 'vm-1', deviceId: 1 },
      sizeBytes: 30 * GiB,
      pending: null,
    });
  });
});

describe('evolve', () => {
  it('ignores events of a volume that was never allocated', () => {
    expect(fold(volumeDecider, [placed])).toBeNull();
  });

  it('ignores a second allocation', () => {
    const state = fold(volumeDecider, [...ready, rootAllocated]);
    expect(state).toMatchObject({ volumeId: 'vol-data', type: 'DATADISK', status: 'Ready' });
  });

  it('records a ROOT volume as attached to its VM as device 0', () => {
    expect(fold(volumeDecider, [rootAllocated])).toMatchObject({
      type: 'ROOT',
      status: 'Allocated',
      attachment: { vmId: 'vm-1', deviceId: 0 },
      templateId: 'tpl-1',
    });
  });

  it('clears the pool and pending work when creation fails', () => {
    const state = fold(volumeDecider, [
      ...ready.slice(0, 2),
      ev('VolumeCreationFailed', { poolId: 'pool-1', reason: 'x' }),
    ]);
    expect(state).toMatchObject({ status: 'Allocated', poolId: null, pending: null });
  });
});
