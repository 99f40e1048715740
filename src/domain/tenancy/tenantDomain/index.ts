import type { Decider } from '../../shared/index.ts';
import type { TenantDomainCommand } from './tenantDomain.commands.ts';
import { decide } from './tenantDomain.decide.ts';
import type { TenantDomainEvent } from './tenantDomain.events.ts';
import { evolve, initialState, type TenantDomainState } from './tenantDomain.state.ts';

export const tenantDomainCategory = 'tenantdomain';

export const decider: Decider<TenantDomainCommand, TenantDomainState, TenantDomainEvent> = {
  initialState,
  evolve,
  decide,
};
export const tenantDomainDecider = decider;

export * from './tenantDomain.commands.ts';
export * from './tenantDomain.events.ts';
export {
  rootDomainName,
  type TenantDomain,
  type TenantDomainState,
  type TenantDomainStatus,
} from './tenantDomain.state.ts';
