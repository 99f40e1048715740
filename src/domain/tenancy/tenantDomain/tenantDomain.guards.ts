import { illegalState, notFound } from '../../shared/index.ts';
import type { TenantDomain, TenantDomainState } from './tenantDomain.state.ts';

/** The domain a command is about, as loaded by the command side; absent or another stream is "not found". */
export const requireDomain = (
  state: TenantDomainState,
  tenantDomainId: string,
  code: string,
): TenantDomain => {
  if (state.status === 'absent' || state.tenantDomainId !== tenantDomainId)
    throw notFound(code, `The tenant domain ${tenantDomainId} does not exist.`, { tenantDomainId });
  return state;
};

/** New children, accounts and users may only join an active domain (not one being deleted). */
export const requireActive = (domain: TenantDomain): void => {
  if (domain.status !== 'active')
    throw illegalState(
      'TENANT_DOMAIN_NOT_ACTIVE',
      `The tenant domain ${domain.path} is ${domain.status}; nothing new can be added to it.`,
      { tenantDomainId: domain.tenantDomainId, state: domain.status },
    );
};
