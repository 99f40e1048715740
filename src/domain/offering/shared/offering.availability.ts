import { forbidden, invalid } from '../../shared/index.ts';
import { assertAccepts, type OfferingNoun, type OfferingStatus } from './offering.rules.ts';

/** What availability needs of an offering's state: its lifecycle and its scope. */
export type ScopedOffering =
  | { readonly status: 'None' }
  | {
      readonly status: Exclude<OfferingStatus, 'None'>;
      readonly offeringId: string;
      readonly domainIds: readonly string[];
      readonly zoneIds: readonly string[];
    };

/** Where a VM or volume is being created: the zone, and the owner's tenant domain with ALL its ancestors. */
export type OfferingRequester = {
  readonly zoneId: string;
  readonly tenantDomainIds: readonly string[];
};

/**
 * For the command side before a deploy or a volume creation: the offering must still exist, be offered
 * in the zone (no zone ids = all zones) and be public or restricted to the owner's domain or one of its
 * ancestors (a domain-restricted offering is visible to the whole subtree, as in CloudStack).
 */
export const assertOfferingAvailable = (
  noun: OfferingNoun,
  offeringId: string,
  offering: ScopedOffering,
  requester: OfferingRequester,
): void => {
  assertAccepts(noun, offering.status, 'change', offeringId);
  if (offering.status === 'None') return;
  if (offering.zoneIds.length > 0 && !offering.zoneIds.includes(requester.zoneId))
    throw invalid(
      `${noun.code}_NOT_IN_ZONE`,
      `${noun.label} ${offeringId} is not offered in zone ${requester.zoneId}; choose an offering of that zone`,
      { offeringId, zoneId: requester.zoneId, zoneIds: offering.zoneIds },
    );
  if (
    offering.domainIds.length > 0 &&
    !offering.domainIds.some((domainId) => requester.tenantDomainIds.includes(domainId))
  )
    throw forbidden(
      `${noun.code}_NOT_AVAILABLE_TO_DOMAIN`,
      `${noun.label} ${offeringId} is restricted to other tenant domains`,
      { offeringId, domainIds: offering.domainIds, tenantDomainIds: requester.tenantDomainIds },
    );
};
