import { describe, it } from 'vitest';
import type { MigrateVolume } from '../../../src/domain/volume/index.ts';
import { allocated, attached, cmd, ev, ready, spec } from './fixtures.ts';

const migrate = (over: Partial<MigrateVolume['data']> = {}) =>
  cmd('MigrateVolume', {
    volumeId: 'vol-data',
    poolId: 'pool-2',
    vmRunning: false,
    liveMigrate: false,
    ...over,
  });

const migrating = [...ready, ev('VolumeMigrationStarted', { fromPoolId: 'pool-1', toPoolId: 'pool-2' })];

describe('a Ready volume', () => {
  it('starts migrating to another pool', () => {
    spec
      .given(ready)
      .when(migrate())
      .then([ev('VolumeMigrationStarted', { fromPoolId: 'pool-1', toPoolId: 'pool-2' })]);
  });

  it('live-migrates when attached to a running VM and asked to', () => {
    spec
      .given(attached)
      .when(migrate({ vmRunning: true, liveMigrate: true }))
      .then([ev('VolumeMigrationStarted', { fromPoolId: 'pool-1', toPoolId: 'pool-2' })]);
  });

  it('refuses the pool it is already on', () => {
    spec
      .given(ready)
      .when(migrate({ poolId: 'pool-1' }))
      .thenThrows('VOLUME_ALREADY_ON_POOL');
  });

  it('refuses to move under a running VM without live migration', () => {
    spec
      .given(attached)
      .when(migrate({ vmRunning: true }))
      .thenThrows('VOLUME_LIVE_MIGRATION_REQUIRED');
  });

  it('refuses to complete a migration that never started', () => {
    spec
      .given(ready)
      .when(cmd('CompleteVolumeMigration', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to fail a migration that never started', () => {
    spec
      .given(ready)
      .when(cmd('FailVolumeMigration', { volumeId: 'vol-data', reason: 'x' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('an Allocated volume', () => {
  it('refuses to migrate: it is on no pool yet', () => {
    spec.given([allocated]).when(migrate()).thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('a Migrating volume', () => {
  it('lands on the new pool', () => {
    spec
      .given(migrating)
      .when(cmd('CompleteVolumeMigration', { volumeId: 'vol-data' }))
      .then([ev('VolumeMigrated', { fromPoolId: 'pool-1', toPoolId: 'pool-2' })]);
  });

  it('stays on the old pool when the migration fails', () => {
    spec
      .given(migrating)
      .when(cmd('FailVolumeMigration', { volumeId: 'vol-data', reason: 'copy failed' }))
      .then([
        ev('VolumeMigrationFailed', { fromPoolId: 'pool-1', toPoolId: 'pool-2', reason: 'copy failed' }),
      ]);
  });

  it('refuses a second migration meanwhile', () => {
    spec
      .given(migrating)
      .when(migrate({ poolId: 'pool-3' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('migrates from its new pool next time', () => {
    spec
      .given([...migrating, ev('VolumeMigrated', { fromPoolId: 'pool-1', toPoolId: 'pool-2' })])
      .when(migrate({ poolId: 'pool-1' }))
      .then([ev('VolumeMigrationStarted', { fromPoolId: 'pool-2', toPoolId: 'pool-1' })]);
  });

  it('stays put on a failed migration and refuses its own pool next time', () => {
    spec
      .given([
        ...migrating,
        ev('VolumeMigrationFailed', { fromPoolId: 'pool-1', toPoolId: 'pool-2', reason: 'x' }),
      ])
      .when(migrate({ poolId: 'pool-1' }))
      .thenThrows('VOLUME_ALREADY_ON_POOL');
  });
});
