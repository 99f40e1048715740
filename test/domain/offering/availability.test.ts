import { describe, expect, it } from 'vitest';
import { decider as diskDecider } from '../../../src/domain/offering/disk/index.ts';
import {
  assertDiskOfferingAvailable,
  assertServiceOfferingAvailable,
} from '../../../src/domain/offering/index.ts';
import { decider as serviceDecider } from '../../../src/domain/offering/service/index.ts';
import { fold } from '../../../src/domain/shared/index.ts';
import { refusalCodeOf } from '../helpers.ts';
import {
  diskOfferingCreated,
  later,
  offeringId,
  rootDomain,
  salesDomain,
  serviceOfferingCreated,
  zoneA,
  zoneB,
} from './fixtures.ts';

const inSales = { zoneId: zoneA, tenantDomainIds: [salesDomain, rootDomain] };
const inRootOnly = { zoneId: zoneA, tenantDomainIds: [rootDomain] };

describe('offering availability', () => {
  const publicEverywhere = fold(serviceDecider, [serviceOfferingCreated()]);
  const restricted = fold(serviceDecider, [
    serviceOfferingCreated({ domainIds: [salesDomain], zoneIds: [zoneA] }),
  ]);

  it('a public offering without zones is available anywhere', () => {
    expect(
      refusalCodeOf(() => assertServiceOfferingAvailable(offeringId, publicEverywhere, inRootOnly)),
    ).toBeNull();
  });

  it('a domain-restricted offering is available to that domain (and below: ancestors are passed in)', () => {
    expect(refusalCodeOf(() => assertServiceOfferingAvailable(offeringId, restricted, inSales))).toBeNull();
  });

  it('refuses a domain-restricted offering to other domains', () => {
    expect(refusalCodeOf(() => assertServiceOfferingAvailable(offeringId, restricted, inRootOnly))).toBe(
      'SERVICE_OFFERING_NOT_AVAILABLE_TO_DOMAIN',
    );
  });

  it('refuses an offering in a zone it is not offered in', () => {
    expect(
      refusalCodeOf(() =>
        assertServiceOfferingAvailable(offeringId, restricted, { ...inSales, zoneId: zoneB }),
      ),
    ).toBe('SERVICE_OFFERING_NOT_IN_ZONE');
  });

  it('refuses an offering that does not exist', () => {
    expect(
      refusalCodeOf(() => assertServiceOfferingAvailable(offeringId, serviceDecider.initialState(), inSales)),
    ).toBe('SERVICE_OFFERING_NOT_FOUND');
  });

  it('refuses a deleted disk offering', () => {
    const removed = fold(diskDecider, [
      diskOfferingCreated(),
      { type: 'DiskOfferingDeleted', data: { offeringId, name: 'Small disk', removedAt: later } },
    ]);
    expect(refusalCodeOf(() => assertDiskOfferingAvailable(offeringId, removed, inSales))).toBe(
      'DISK_OFFERING_REMOVED',
    );
  });

  it('refuses a disk offering of another zone', () => {
    const zoned = fold(diskDecider, [diskOfferingCreated({ zoneIds: [zoneB] })]);
    expect(refusalCodeOf(() => assertDiskOfferingAvailable(offeringId, zoned, inSales))).toBe(
      'DISK_OFFERING_NOT_IN_ZONE',
    );
  });
});
