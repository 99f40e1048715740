import { type NameRegistry, withHolder, withoutHolder } from '../names.ts';
import { type Absent, patchPresent } from '../present.ts';
import type { TenantDomainEvent } from './tenantDomain.events.ts';

export const rootDomainName = 'ROOT';

/** `deleting`: a cleanup deletion is under way; no new children, accounts or users may join. */
export type TenantDomainStatus = 'active' | 'deleting' | 'deleted';

export type TenantDomain = {
  readonly status: TenantDomainStatus;
  readonly tenantDomainId: string;
  readonly name: string;
  readonly parentId: string | null;
  /** The path as this stream last wrote it; descendants of a renamed domain keep the old prefix (the read model has the live one). */
  readonly path: string;
  /** child domain id → name: sibling names are unique. */
  readonly children: NameRegistry;
  /** account id → name: account names are unique within the domain. */
  readonly accounts: NameRegistry;
  /** user id → username: usernames are unique within the domain. */
  readonly usernames: NameRegistry;
};

export type TenantDomainState = Absent | TenantDomain;

export const initialState = (): TenantDomainState => ({ status: 'absent' });

export const evolve = (state: TenantDomainState, event: TenantDomainEvent): TenantDomainState => {
  switch (event.type) {
    case 'TenantDomainCreated': {
      const { tenantDomainId, name, parentId, path } = event.data;
      return {
        status: 'active',
        tenantDomainId,
        name,
        parentId,
        path,
        children: {},
        accounts: {},
        usernames: {},
      };
    }
    case 'TenantDomainRenamed':
      return patchPresent(state, () => ({ name: event.data.name, path: event.data.path }));
    case 'TenantDomainDeletionStarted':
      return patchPresent(state, () => ({ status: 'deleting' }));
    case 'TenantDomainDeleted':
      return patchPresent(state, () => ({ status: 'deleted' }));
    case 'ChildDomainAdded':
    case 'ChildDomainRenamed':
      return patchPresent(state, (d) => ({
        children: withHolder(d.children, event.data.childId, event.data.name),
      }));
    case 'ChildDomainRemoved':
      return patchPresent(state, (d) => ({ children: withoutHolder(d.children, event.data.childId) }));
    case 'AccountNameReserved':
      return patchPresent(state, (d) => ({
        accounts: withHolder(d.accounts, event.data.accountId, event.data.name),
      }));
    case 'AccountNameReleased':
      return patchPresent(state, (d) => ({ accounts: withoutHolder(d.accounts, event.data.accountId) }));
    case 'UsernameReserved':
      return patchPresent(state, (d) => ({
        usernames: withHolder(d.usernames, event.data.userId, event.data.username),
      }));
    case 'UsernameReleased':
      return patchPresent(state, (d) => ({ usernames: withoutHolder(d.usernames, event.data.userId) }));
    default:
      return state;
  }
};
