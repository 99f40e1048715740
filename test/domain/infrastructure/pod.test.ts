import { describe, expect, it } from 'vitest';
import { podDecider } from '../../../src/domain/pod/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { createPod, podCreated, podId, zoneId } from './fixtures.ts';

const spec = DeciderSpecification.for(podDecider);

const place = { podId, zoneId };
const enabled = { type: 'PodEnabled', data: place } as const;
const deleted = { type: 'PodDeleted', data: { ...place, name: 'pod-1' } } as const;

describe('pod: before creation', () => {
  it('creates a Disabled pod with its management range', () =>
    spec.given([]).when(createPod()).then([podCreated]));

  it('accepts a range of a single address', () =>
    spec
      .given([])
      .when(createPod({ startIp: '192.168.10.20', endIp: '192.168.10.20' }))
      .then([
        {
          type: 'PodCreated',
          data: { ...podCreated.data, startIp: '192.168.10.20', endIp: '192.168.10.20' },
        },
      ]));

  it('refuses an empty name', () =>
    spec
      .given([])
      .when(createPod({ name: '' }))
      .thenThrows('POD_NAME_REQUIRED'));

  it('refuses a gateway that is not an IPv4 address', () =>
    spec
      .given([])
      .when(createPod({ gateway: '192.168.10' }))
      .thenThrows('POD_IP_INVALID', (e) => expect(e.details).toMatchObject({ field: 'gateway' })));

  it('refuses a start IP with leading zeros', () =>
    spec
      .given([])
      .when(createPod({ startIp: '192.168.010.10' }))
      .thenThrows('POD_IP_INVALID', (e) => expect(e.details).toMatchObject({ field: 'startIp' })));

  it('refuses an end IP that is not an address', () =>
    spec
      .given([])
      .when(createPod({ endIp: 'end' }))
      .thenThrows('POD_IP_INVALID', (e) => expect(e.details).toMatchObject({ field: 'endIp' })));

  it('refuses a netmask that is not an address', () =>
    spec
      .given([])
      .when(createPod({ netmask: '/24' }))
      .thenThrows('POD_IP_INVALID', (e) => expect(e.details).toMatchObject({ field: 'netmask' })));

  it('refuses a non-contiguous netmask', () =>
    spec
      .given([])
      .when(createPod({ netmask: '255.0.255.0' }))
      .thenThrows('POD_NETMASK_INVALID'));

  it('refuses a range that leaves the gateway subnet', () =>
    spec
      .given([])
      .when(createPod({ endIp: '192.168.11.5' }))
      .thenThrows('POD_IP_RANGE_OUTSIDE_SUBNET'));

  it('refuses a start IP outside the gateway subnet', () =>
    spec
      .given([])
      .when(createPod({ startIp: '10.0.0.1' }))
      .thenThrows('POD_IP_RANGE_OUTSIDE_SUBNET'));

  it('refuses a start IP after the end IP', () =>
    spec
      .given([])
      .when(createPod({ startIp: '192.168.10.100', endIp: '192.168.10.10' }))
      .thenThrows('POD_IP_RANGE_REVERSED'));

  it('refuses a range that contains the gateway', () =>
    spec
      .given([])
      .when(createPod({ startIp: '192.168.10.1' }))
      .thenThrows('POD_GATEWAY_IN_RANGE'));

  it('refuses to update a pod that does not exist', () =>
    spec
      .given([])
      .when({ type: 'UpdatePod', data: { podId, name: 'x' } })
      .thenThrows('POD_NOT_FOUND'));
});

describe('pod: Disabled (new)', () => {
  it('refuses to create it again', () =>
    spec.given([podCreated]).when(createPod()).thenThrows('POD_ALREADY_EXISTS'));

  it('enables it', () =>
    spec.given([podCreated]).when({ type: 'EnablePod', data: { podId } }).then([enabled]));

  it('disabling it again changes nothing', () =>
    spec.given([podCreated]).when({ type: 'DisablePod', data: { podId } }).thenNothingHappened());

  it('widens the range, carrying the whole network and the zone', () =>
    spec
      .given([podCreated])
      .when({ type: 'UpdatePod', data: { podId, endIp: '192.168.10.200' } })
      .then([
        {
          type: 'PodUpdated',
          data: {
            podId,
            zoneId,
            name: 'pod-1',
            gateway: '192.168.10.1',
            netmask: '255.255.255.0',
            startIp: '192.168.10.10',
            endIp: '192.168.10.200',
          },
        },
      ]));

  it('an update that changes nothing produces nothing', () =>
    spec
      .given([podCreated])
      .when({ type: 'UpdatePod', data: { podId, name: 'pod-1' } })
      .thenNothingHappened());

  it('refuses an update whose merged network is invalid', () =>
    spec
      .given([podCreated])
      .when({ type: 'UpdatePod', data: { podId, netmask: '255.255.255.192' } })
      .thenThrows('POD_IP_RANGE_OUTSIDE_SUBNET'));

  it('deletes a pod without clusters', () =>
    spec
      .given([podCreated])
      .when({ type: 'DeletePod', data: { podId, clusterCount: 0 } })
      .then([deleted]));

  it('refuses to delete a pod that still has clusters', () =>
    spec
      .given([podCreated])
      .when({ type: 'DeletePod', data: { podId, clusterCount: 1 } })
      .thenThrows('POD_HAS_CLUSTERS', (e) => expect(e.details).toMatchObject({ clusterCount: 1 })));
});

describe('pod: Enabled', () => {
  it('disables it', () =>
    spec
      .given([podCreated, enabled])
      .when({ type: 'DisablePod', data: { podId } })
      .then([{ type: 'PodDisabled', data: place }]));

  it('enabling it again changes nothing', () =>
    spec.given([podCreated, enabled]).when({ type: 'EnablePod', data: { podId } }).thenNothingHappened());
});

describe('pod: deleted', () => {
  it('refuses any further change', () =>
    spec
      .given([podCreated, deleted])
      .when({ type: 'EnablePod', data: { podId } })
      .thenThrows('POD_NOT_FOUND'));

  it('refuses to delete it twice', () =>
    spec
      .given([podCreated, deleted])
      .when({ type: 'DeletePod', data: { podId, clusterCount: 0 } })
      .thenThrows('POD_NOT_FOUND'));
});
