import { conflict } from '../../shared/index.ts';
import { assertValidName, type NameRegistry, planReservation } from '../names.ts';
import type {
  ReleaseAccountName,
  ReleaseUsername,
  ReserveAccountName,
  ReserveUsername,
} from './tenantDomain.commands.ts';
import type { TenantDomainEvent } from './tenantDomain.events.ts';
import { requireActive, requireDomain } from './tenantDomain.guards.ts';
import type { TenantDomain, TenantDomainState } from './tenantDomain.state.ts';

/** The account name and username registries of a tenant domain (decided against its own stream). */

type Emit = readonly TenantDomainEvent[];

/** How accounts and usernames differ in one registry of the domain; everything else is shared. */
type RegistrySpec = {
  readonly registry: (domain: TenantDomain) => NameRegistry;
  readonly what: string;
  readonly invalidCode: string;
  readonly takenCode: string;
  readonly reserved: (tenantDomainId: string, holder: string, name: string) => TenantDomainEvent;
  readonly released: (tenantDomainId: string, holder: string, name: string) => TenantDomainEvent;
};

const accountNames: RegistrySpec = {
  registry: (d) => d.accounts,
  what: 'account name',
  invalidCode: 'ACCOUNT_NAME_INVALID',
  takenCode: 'ACCOUNT_NAME_TAKEN',
  reserved: (tenantDomainId, accountId, name) => ({
    type: 'AccountNameReserved',
    data: { tenantDomainId, accountId, name },
  }),
  released: (tenantDomainId, accountId, name) => ({
    type: 'AccountNameReleased',
    data: { tenantDomainId, accountId, name },
  }),
};

const usernames: RegistrySpec = {
  registry: (d) => d.usernames,
  what: 'username',
  invalidCode: 'USERNAME_INVALID',
  takenCode: 'USERNAME_TAKEN',
  reserved: (tenantDomainId, userId, username) => ({
    type: 'UsernameReserved',
    data: { tenantDomainId, userId, username },
  }),
  released: (tenantDomainId, userId, username) => ({
    type: 'UsernameReleased',
    data: { tenantDomainId, userId, username },
  }),
};

/** Reserving a new name for a holder that has one is a rename: release the old, reserve the new, in one append. */
const reserveName = (
  spec: RegistrySpec,
  state: TenantDomainState,
  tenantDomainId: string,
  holder: string,
  name: string,
): Emit => {
  const domain = requireDomain(state, tenantDomainId, 'TENANT_DOMAIN_NOT_FOUND');
  assertValidName(spec.invalidCode, spec.what, name);
  const plan = planReservation(spec.registry(domain), holder, name);
  if (plan.kind === 'held') return [];
  if (plan.kind === 'taken')
    throw conflict(
      spec.takenCode,
      `The ${spec.what} ${name} is already used in the tenant domain ${domain.path}.`,
      {
        tenantDomainId,
        name,
        takenBy: plan.by,
      },
    );
  requireActive(domain);
  const release =
    plan.previousName === null ? [] : [spec.released(tenantDomainId, holder, plan.previousName)];
  return [...release, spec.reserved(tenantDomainId, holder, name)];
};

const releaseName = (
  spec: RegistrySpec,
  state: TenantDomainState,
  tenantDomainId: string,
  holder: string,
): Emit => {
  const domain = requireDomain(state, tenantDomainId, 'TENANT_DOMAIN_NOT_FOUND');
  const name = spec.registry(domain)[holder];
  return name === undefined ? [] : [spec.released(tenantDomainId, holder, name)];
};

export const reserveAccountName = ({ data }: ReserveAccountName, state: TenantDomainState): Emit =>
  reserveName(accountNames, state, data.tenantDomainId, data.accountId, data.name);
export const releaseAccountName = ({ data }: ReleaseAccountName, state: TenantDomainState): Emit =>
  releaseName(accountNames, state, data.tenantDomainId, data.accountId);
export const reserveUsername = ({ data }: ReserveUsername, state: TenantDomainState): Emit =>
  reserveName(usernames, state, data.tenantDomainId, data.userId, data.username);
export const releaseUsername = ({ data }: ReleaseUsername, state: TenantDomainState): Emit =>
  releaseName(usernames, state, data.tenantDomainId, data.userId);
