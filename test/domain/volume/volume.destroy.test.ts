import { describe, expect, it } from 'vitest';
import type { ExpungeVolume } from '../../../src/domain/volume/index.ts';
import {
  allocated,
  attached,
  cmd,
  destroyed,
  ev,
  now,
  placed,
  ready,
  rootAllocated,
  rootFacts,
  rootReady,
  spec,
} from './fixtures.ts';

const later = '2026-05-02T10:00:00.000Z';
const oneDay = 86_400;
const del = cmd('DeleteVolume', { volumeId: 'vol-data', now: later });
const expunge = (over: Partial<ExpungeVolume['data']> = {}) =>
  cmd('ExpungeVolume', { volumeId: 'vol-data', now: later, expungeDelaySeconds: oneDay, ...over });
const expunging = [...destroyed, ev('VolumeExpungeStarted', {})];

describe('a detached Ready data disk', () => {
  it('is destroyed, recoverable, with the time it was destroyed', () => {
    spec
      .given(ready)
      .when(del)
      .then([ev('VolumeDestroyed', { destroyedAt: later })]);
  });

  it('refuses to be recovered: it is not destroyed', () => {
    spec
      .given(ready)
      .when(cmd('RecoverVolume', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to be expunged before it is destroyed', () => {
    spec.given(ready).when(expunge()).thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('an Allocated data disk', () => {
  it('is expunged at once when deleted: nothing is on storage and nothing to recover', () => {
    spec
      .given([allocated])
      .when(del)
      .then([ev('VolumeExpunged', {})]);
  });
});

describe('an attached data disk', () => {
  it('refuses to be deleted until detached', () => {
    spec
      .given(attached)
      .when(del)
      .thenThrows('VOLUME_ATTACHED', (e) => expect(e.details.vmId).toBe('vm-1'));
  });
});

describe('a volume busy on storage', () => {
  it('refuses to be deleted while Creating', () => {
    spec.given([allocated, placed]).when(del).thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('a ROOT volume', () => {
  it('refuses DeleteVolume: it goes with its VM', () => {
    spec
      .given(rootReady)
      .when({ ...del, data: { ...del.data, volumeId: 'vol-root' } })
      .thenThrows('VOLUME_IS_ROOT');
  });

  it('is destroyed with its VM and stays attached, so recovering the VM brings it back', () => {
    spec
      .given(rootReady)
      .when(cmd('DestroyRootVolume', { volumeId: 'vol-root', vmId: 'vm-1', now: later }))
      .then([ev('VolumeDestroyed', { destroyedAt: later }, rootFacts)]);
  });

  it('is expunged at once with a VM that never started', () => {
    spec
      .given([rootAllocated])
      .when(cmd('DestroyRootVolume', { volumeId: 'vol-root', vmId: 'vm-1', now: later }))
      .then([ev('VolumeExpunged', {}, rootFacts)]);
  });

  it('refuses DestroyRootVolume for another VM', () => {
    spec
      .given(rootReady)
      .when(cmd('DestroyRootVolume', { volumeId: 'vol-root', vmId: 'vm-2', now: later }))
      .thenThrows('VOLUME_NOT_ROOT_OF_VM');
  });

  it('refuses DestroyRootVolume on a data disk', () => {
    spec
      .given(attached)
      .when(cmd('DestroyRootVolume', { volumeId: 'vol-data', vmId: 'vm-1', now: later }))
      .thenThrows('VOLUME_NOT_ROOT_OF_VM');
  });
});

describe('a destroyed volume (Destroy)', () => {
  it('refuses to be deleted again', () => {
    spec
      .given(destroyed)
      .when(del)
      .thenThrows('VOLUME_ALREADY_DESTROYED', (e) => expect(e.details.status).toBe('Destroy'));
  });

  it('is recovered to Ready', () => {
    spec
      .given(destroyed)
      .when(cmd('RecoverVolume', { volumeId: 'vol-data' }))
      .then([ev('VolumeRecovered', {})]);
  });

  it('can be deleted again after recovery', () => {
    spec
      .given([...destroyed, ev('VolumeRecovered', {})])
      .when(del)
      .then([ev('VolumeDestroyed', { destroyedAt: later })]);
  });

  it('starts expunging once expunge.delay has passed', () => {
    spec
      .given(destroyed)
      .when(expunge({ now: later }))
      .then([ev('VolumeExpungeStarted', {})]);
  });

  it('starts expunging at once when the delay is 0 (expunge asked for)', () => {
    spec
      .given(destroyed)
      .when(expunge({ now, expungeDelaySeconds: 0 }))
      .then([ev('VolumeExpungeStarted', {})]);
  });

  it('refuses to be expunged before expunge.delay has passed', () => {
    spec
      .given(destroyed)
      .when(expunge({ now: '2026-05-02T09:59:59.000Z' }))
      .thenThrows('VOLUME_EXPUNGE_TOO_EARLY', (e) => expect(e.details.expungeAfter).toBe(later));
  });

  it('refuses to complete an expunge that never started', () => {
    spec
      .given(destroyed)
      .when(cmd('CompleteVolumeExpunge', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to fail an expunge that never started', () => {
    spec
      .given(destroyed)
      .when(cmd('FailVolumeExpunge', { volumeId: 'vol-data', reason: 'x' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('an Expunging volume', () => {
  it('is Expunged when storage has removed it', () => {
    spec
      .given(expunging)
      .when(cmd('CompleteVolumeExpunge', { volumeId: 'vol-data' }))
      .then([ev('VolumeExpunged', {})]);
  });

  it('goes back to Destroy when expunging fails', () => {
    spec
      .given(expunging)
      .when(cmd('FailVolumeExpunge', { volumeId: 'vol-data', reason: 'pool offline' }))
      .then([ev('VolumeExpungeFailed', { reason: 'pool offline' })]);
  });

  it('refuses to be recovered', () => {
    spec
      .given(expunging)
      .when(cmd('RecoverVolume', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to be deleted again', () => {
    spec.given(expunging).when(del).thenThrows('VOLUME_ALREADY_DESTROYED');
  });
});

describe('an Expunged volume', () => {
  const expunged = [...expunging, ev('VolumeExpunged', {})];

  it('refuses to be deleted again', () => {
    spec.given(expunged).when(del).thenThrows('VOLUME_ALREADY_DESTROYED');
  });

  it('refuses to be recovered', () => {
    spec
      .given(expunged)
      .when(cmd('RecoverVolume', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to be created again', () => {
    spec
      .given(expunged)
      .when(
        cmd('CreateVolume', {
          volumeId: 'vol-data',
          type: 'DATADISK',
          name: 'again',
          accountId: 'acct-1',
          tenantDomainId: 'tdom-1',
          zoneId: 'zone-1',
          sizeBytes: 1,
          now,
        }),
      )
      .thenThrows('VOLUME_ALREADY_EXISTS');
  });
});
