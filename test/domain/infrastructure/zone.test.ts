import { describe, expect, it } from 'vitest';
import { zoneDecider } from '../../../src/domain/zone/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { createZone, zoneCreated, zoneId } from './fixtures.ts';

const spec = DeciderSpecification.for(zoneDecider);

const enabled = { type: 'ZoneEnabled', data: { zoneId } } as const;
const deleted = { type: 'ZoneDeleted', data: { zoneId, name: 'zone-1' } } as const;

describe('zone: before creation', () => {
  it('creates an Advanced zone, Disabled, with its guest CIDR', () =>
    spec.given([]).when(createZone()).then([zoneCreated]));

  it('creates a Basic zone without a guest CIDR', () =>
    spec
      .given([])
      .when(createZone({ networkType: 'Basic', guestCidr: null, dns2: '8.8.4.4', localStorageEnabled: true }))
      .then([
        {
          type: 'ZoneCreated',
          data: {
            ...zoneCreated.data,
            networkType: 'Basic',
            guestCidr: null,
            dns2: '8.8.4.4',
            localStorageEnabled: true,
          },
        },
      ]));

  it('trims the name', () =>
    spec
      .given([])
      .when(createZone({ name: '  zone-1 ' }))
      .then([zoneCreated]));

  it('refuses an empty name', () =>
    spec
      .given([])
      .when(createZone({ name: '  ' }))
      .thenThrows('ZONE_NAME_REQUIRED'));

  it('refuses a DNS server that is not an IPv4 address', () =>
    spec
      .given([])
      .when(createZone({ dns1: '8.8.8' }))
      .thenThrows('ZONE_DNS_INVALID', (e) => expect(e.details).toMatchObject({ field: 'dns1' })));

  it('refuses an invalid optional internal DNS server', () =>
    spec
      .given([])
      .when(createZone({ internalDns2: '300.1.1.1' }))
      .thenThrows('ZONE_DNS_INVALID', (e) => expect(e.details).toMatchObject({ field: 'internalDns2' })));

  it('refuses an Advanced zone without a guest CIDR', () =>
    spec
      .given([])
      .when(createZone({ guestCidr: null }))
      .thenThrows('ZONE_GUEST_CIDR_REQUIRED'));

  it('refuses a malformed guest CIDR', () =>
    spec
      .given([])
      .when(createZone({ guestCidr: '10.1.1.0/33' }))
      .thenThrows('ZONE_GUEST_CIDR_INVALID'));

  it('refuses a guest CIDR with host bits set', () =>
    spec
      .given([])
      .when(createZone({ guestCidr: '10.1.1.7/24' }))
      .thenThrows('ZONE_GUEST_CIDR_INVALID'));

  it('refuses a public guest CIDR', () =>
    spec
      .given([])
      .when(createZone({ guestCidr: '8.8.0.0/16' }))
      .thenThrows('ZONE_GUEST_CIDR_INVALID'));

  it('refuses a guest CIDR on a Basic zone', () =>
    spec
      .given([])
      .when(createZone({ networkType: 'Basic' }))
      .thenThrows('ZONE_GUEST_CIDR_NOT_ALLOWED'));

  it('refuses to update a zone that does not exist', () =>
    spec
      .given([])
      .when({ type: 'UpdateZone', data: { zoneId, name: 'x' } })
      .thenThrows('ZONE_NOT_FOUND'));

  it('refuses to enable a zone that does not exist', () =>
    spec.given([]).when({ type: 'EnableZone', data: { zoneId } }).thenThrows('ZONE_NOT_FOUND'));
});

describe('zone: Disabled (new)', () => {
  it('refuses to create it again', () =>
    spec.given([zoneCreated]).when(createZone()).thenThrows('ZONE_ALREADY_EXISTS'));

  it('enables it', () =>
    spec.given([zoneCreated]).when({ type: 'EnableZone', data: { zoneId } }).then([enabled]));

  it('disabling it again changes nothing', () =>
    spec.given([zoneCreated]).when({ type: 'DisableZone', data: { zoneId } }).thenNothingHappened());

  it('updates the name and DNS, carrying every setting', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'UpdateZone', data: { zoneId, name: 'zone-one', dns2: '1.1.1.1' } })
      .then([
        {
          type: 'ZoneUpdated',
          data: {
            zoneId,
            networkType: 'Advanced',
            name: 'zone-one',
            dns1: '8.8.8.8',
            dns2: '1.1.1.1',
            internalDns1: '10.0.0.2',
            internalDns2: null,
            guestCidr: '10.1.1.0/24',
            localStorageEnabled: false,
          },
        },
      ]));

  it('an update that changes nothing produces nothing', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'UpdateZone', data: { zoneId, dns1: '8.8.8.8' } })
      .thenNothingHappened());

  it('refuses an update with an invalid guest CIDR', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'UpdateZone', data: { zoneId, guestCidr: '10.1.1.0' } })
      .thenThrows('ZONE_GUEST_CIDR_INVALID'));

  it('refuses an update that clears an Advanced zone guest CIDR', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'UpdateZone', data: { zoneId, guestCidr: null } })
      .thenThrows('ZONE_GUEST_CIDR_REQUIRED'));

  it('refuses an update with an invalid DNS server', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'UpdateZone', data: { zoneId, dns1: 'dns.example.com' } })
      .thenThrows('ZONE_DNS_INVALID'));

  it('deletes a zone without pods', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'DeleteZone', data: { zoneId, podCount: 0 } })
      .then([deleted]));

  it('refuses to delete a zone that still has pods', () =>
    spec
      .given([zoneCreated])
      .when({ type: 'DeleteZone', data: { zoneId, podCount: 2 } })
      .thenThrows('ZONE_HAS_PODS', (e) => expect(e.details).toMatchObject({ podCount: 2 })));
});

describe('zone: Enabled', () => {
  it('disables it', () =>
    spec
      .given([zoneCreated, enabled])
      .when({ type: 'DisableZone', data: { zoneId } })
      .then([{ type: 'ZoneDisabled', data: { zoneId } }]));

  it('enabling it again changes nothing', () =>
    spec.given([zoneCreated, enabled]).when({ type: 'EnableZone', data: { zoneId } }).thenNothingHappened());
});

describe('zone: deleted', () => {
  it('refuses any further change', () =>
    spec
      .given([zoneCreated, deleted])
      .when({ type: 'EnableZone', data: { zoneId } })
      .thenThrows('ZONE_NOT_FOUND'));

  it('refuses to delete it twice', () =>
    spec
      .given([zoneCreated, deleted])
      .when({ type: 'DeleteZone', data: { zoneId, podCount: 0 } })
      .thenThrows('ZONE_NOT_FOUND'));

  it('refuses to reuse its id', () =>
    spec.given([zoneCreated, deleted]).when(createZone()).thenThrows('ZONE_ALREADY_EXISTS'));
});
