import { describe, expect, it } from 'vitest';
import {
  allocated,
  attached,
  attachToStopped,
  cmd,
  destroyed,
  ev,
  placed,
  ready,
  rootReady,
  spec,
} from './fixtures.ts';

const hotPlug = (over = {}) => attachToStopped({ vmState: 'Running', ...over });
const hotPlugging = [...ready, ev('VolumeAttachStarted', { vmId: 'vm-1', deviceId: 1 })];

describe('a detached Ready volume', () => {
  it('is attached on record to a Stopped VM with the lowest free device id', () => {
    spec
      .given(ready)
      .when(attachToStopped())
      .then([ev('VolumeAttached', { vmId: 'vm-1', deviceId: 1 })]);
  });

  it('skips device id 3, the CD-ROM', () => {
    spec
      .given(ready)
      .when(attachToStopped({ attachedDataVolumeCount: 2, usedDeviceIds: [0, 1, 2] }))
      .then([ev('VolumeAttached', { vmId: 'vm-1', deviceId: 4 })]);
  });

  it('fills a gap left by a detached volume', () => {
    spec
      .given(ready)
      .when(attachToStopped({ attachedDataVolumeCount: 2, usedDeviceIds: [0, 2, 4] }))
      .then([ev('VolumeAttached', { vmId: 'vm-1', deviceId: 1 })]);
  });

  it('takes the device id asked for when it is free', () => {
    spec
      .given(ready)
      .when(attachToStopped({ deviceId: 5 }))
      .then([ev('VolumeAttached', { vmId: 'vm-1', deviceId: 5 })]);
  });

  it('starts hot-plugging into a Running VM, holding the device id', () => {
    spec
      .given(ready)
      .when(hotPlug())
      .then([ev('VolumeAttachStarted', { vmId: 'vm-1', deviceId: 1 })]);
  });

  it('takes a fourteenth device on XenServer, which allows 13 data volumes', () => {
    spec
      .given(ready)
      .when(
        attachToStopped({
          hypervisor: 'XenServer',
          attachedDataVolumeCount: 12,
          usedDeviceIds: [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
        }),
      )
      .then([ev('VolumeAttached', { vmId: 'vm-1', deviceId: 14 })]);
  });

  it('refuses a VM that is neither Running nor Stopped', () => {
    spec
      .given(ready)
      .when(attachToStopped({ vmState: 'Starting' }))
      .thenThrows('VM_STATE_INVALID_FOR_ATTACH', (e) =>
        expect(e.details).toEqual({ vmId: 'vm-1', vmState: 'Starting' }),
      );
  });

  it('refuses a VM in another zone', () => {
    spec
      .given(ready)
      .when(attachToStopped({ vmZoneId: 'zone-2' }))
      .thenThrows('VOLUME_ZONE_MISMATCH', (e) =>
        expect(e.details).toMatchObject({ volumeZoneId: 'zone-1', vmZoneId: 'zone-2' }),
      );
  });

  it('refuses a KVM VM that already has its 6 data volumes', () => {
    spec
      .given(ready)
      .when(attachToStopped({ attachedDataVolumeCount: 6, usedDeviceIds: [0, 1, 2, 4, 5, 6, 7] }))
      .thenThrows('VM_DATA_VOLUME_LIMIT_REACHED', (e) => expect(e.details.maxDataVolumes).toBe(6));
  });

  it('refuses a BareMetal host, which takes no data volumes', () => {
    spec
      .given(ready)
      .when(attachToStopped({ hypervisor: 'BareMetal' }))
      .thenThrows('VM_DATA_VOLUME_LIMIT_REACHED', (e) => expect(e.details.maxDataVolumes).toBe(0));
  });

  it('refuses device id 0, the ROOT volume’s', () => {
    spec
      .given(ready)
      .when(attachToStopped({ deviceId: 0 }))
      .thenThrows('DEVICE_ID_RESERVED_FOR_ROOT');
  });

  it('refuses device id 3, the CD-ROM’s', () => {
    spec
      .given(ready)
      .when(attachToStopped({ deviceId: 3 }))
      .thenThrows('DEVICE_ID_RESERVED_FOR_CDROM');
  });

  it('refuses a device id past the last one the hypervisor numbers (7 on KVM)', () => {
    spec
      .given(ready)
      .when(attachToStopped({ deviceId: 8 }))
      .thenThrows('DEVICE_ID_OUT_OF_RANGE', (e) => expect(e.details.maxDeviceId).toBe(7));
  });

  it('refuses a device id another volume holds', () => {
    spec
      .given(ready)
      .when(attachToStopped({ attachedDataVolumeCount: 1, usedDeviceIds: [0, 2], deviceId: 2 }))
      .thenThrows('DEVICE_ID_IN_USE');
  });

  it('refuses when every device id is taken though the count says otherwise', () => {
    spec
      .given(ready)
      .when(attachToStopped({ attachedDataVolumeCount: 5, usedDeviceIds: [0, 1, 2, 4, 5, 6, 7] }))
      .thenThrows('VM_DEVICE_IDS_EXHAUSTED');
  });

  it('refuses to be detached', () => {
    spec
      .given(ready)
      .when(cmd('DetachVolume', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_NOT_ATTACHED');
  });

  it('refuses to complete an attach that never started', () => {
    spec
      .given(ready)
      .when(cmd('CompleteVolumeAttach', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses to fail an attach that never started', () => {
    spec
      .given(ready)
      .when(cmd('FailVolumeAttach', { volumeId: 'vol-data', reason: 'x' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('an Allocated volume', () => {
  it('is attached on record to a Stopped VM and stays Allocated until placed', () => {
    spec
      .given([allocated])
      .when(attachToStopped())
      .then([ev('VolumeAttached', { vmId: 'vm-1', deviceId: 1 })]);
  });

  it('can still be placed once attached on record', () => {
    spec
      .given([allocated, ev('VolumeAttached', { vmId: 'vm-1', deviceId: 1 })])
      .when(cmd('PlaceVolume', { volumeId: 'vol-data', poolId: 'pool-1' }))
      .then([placed]);
  });

  it('refuses to be hot-plugged into a Running VM before it exists on storage', () => {
    spec
      .given([allocated])
      .when(hotPlug())
      .thenThrows('VOLUME_ILLEGAL_STATE', (e) =>
        expect(e.details).toMatchObject({ operation: 'HotPlug', allowed: ['Ready'] }),
      );
  });

  it('is detached on record', () => {
    spec
      .given([allocated, ev('VolumeAttached', { vmId: 'vm-1', deviceId: 1 })])
      .when(cmd('DetachVolume', { volumeId: 'vol-data' }))
      .then([ev('VolumeDetached', { vmId: 'vm-1', deviceId: 1 })]);
  });
});

describe('an attached volume', () => {
  it('refuses to be attached again', () => {
    spec
      .given(attached)
      .when(attachToStopped({ vmId: 'vm-2' }))
      .thenThrows('VOLUME_ALREADY_ATTACHED', (e) => expect(e.details.vmId).toBe('vm-1'));
  });

  it('is detached, naming the VM and device it leaves', () => {
    spec
      .given(attached)
      .when(cmd('DetachVolume', { volumeId: 'vol-data' }))
      .then([ev('VolumeDetached', { vmId: 'vm-1', deviceId: 1 })]);
  });

  it('can be attached to another VM once detached', () => {
    spec
      .given([...attached, ev('VolumeDetached', { vmId: 'vm-1', deviceId: 1 })])
      .when(attachToStopped({ vmId: 'vm-2' }))
      .then([ev('VolumeAttached', { vmId: 'vm-2', deviceId: 1 })]);
  });
});

describe('an Attaching volume', () => {
  it('completes the hot-plug and is Ready again', () => {
    spec
      .given(hotPlugging)
      .when(cmd('CompleteVolumeAttach', { volumeId: 'vol-data' }))
      .then([ev('VolumeAttachCompleted', { vmId: 'vm-1', deviceId: 1 })]);
  });

  it('fails the hot-plug and lets the device id go', () => {
    spec
      .given(hotPlugging)
      .when(cmd('FailVolumeAttach', { volumeId: 'vol-data', reason: 'guest refused' }))
      .then([ev('VolumeAttachFailed', { vmId: 'vm-1', deviceId: 1, reason: 'guest refused' })]);
  });

  it('is no longer attached after a failed hot-plug', () => {
    spec
      .given([...hotPlugging, ev('VolumeAttachFailed', { vmId: 'vm-1', deviceId: 1, reason: 'x' })])
      .when(cmd('DetachVolume', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_NOT_ATTACHED');
  });

  it('refuses to be attached elsewhere meanwhile', () => {
    spec
      .given(hotPlugging)
      .when(attachToStopped({ vmId: 'vm-2' }))
      .thenThrows('VOLUME_ALREADY_ATTACHED');
  });

  it('refuses to be detached meanwhile', () => {
    spec
      .given(hotPlugging)
      .when(cmd('DetachVolume', { volumeId: 'vol-data' }))
      .thenThrows('VOLUME_ILLEGAL_STATE');
  });
});

describe('a ROOT volume', () => {
  it('refuses to be detached from its VM', () => {
    spec
      .given(rootReady)
      .when(cmd('DetachVolume', { volumeId: 'vol-root' }))
      .thenThrows('VOLUME_IS_ROOT');
  });

  it('refuses to be attached to another VM', () => {
    spec
      .given(rootReady)
      .when(attachToStopped({ volumeId: 'vol-root', vmId: 'vm-2' }))
      .thenThrows('VOLUME_ALREADY_ATTACHED');
  });
});

describe('a volume that is not there to attach', () => {
  it('refuses an attach while Creating', () => {
    spec.given([allocated, placed]).when(attachToStopped()).thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses an attach once destroyed', () => {
    spec.given(destroyed).when(attachToStopped()).thenThrows('VOLUME_ILLEGAL_STATE');
  });

  it('refuses an attach of a volume that does not exist', () => {
    spec.given([]).when(attachToStopped()).thenThrows('VOLUME_NOT_FOUND');
  });
});
