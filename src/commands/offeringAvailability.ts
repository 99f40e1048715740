import type { OfferingRequester, ScopedOffering } from '../domain/offering/shared/index.ts';

/**
 * The availability check of an offering for a deploy or a volume, where one restricted to domains
 * the owner is outside of answers exactly as one that never existed: neither its existence nor its
 * domains are the caller's to learn. The restriction is checked first, so no other refusal (its
 * zones) tells as much.
 */
export const assertOfferingUsable = <S extends ScopedOffering>(
  assertAvailable: NoInfer<
    (offeringId: string, state: S | { readonly status: 'None' }, requester: OfferingRequester) => void
  >,
  offeringId: string,
  state: S,
  requester: OfferingRequester,
): void => {
  const outside =
    state.status !== 'None' &&
    state.domainIds.length > 0 &&
    !state.domainIds.some((domainId) => requester.tenantDomainIds.includes(domainId));
  assertAvailable(offeringId, outside ? { status: 'None' } : state, requester);
};
