import type { Command } from '../../shared/index.ts';

/**
 * Which stream's state each command is decided against (the command side loads it):
 * - CreateTenantDomain: the PARENT's (the parent owns the unique child names); for ROOT
 *   (parentId null) the new domain's own, empty stream.
 * - UpdateTenantDomain: the PARENT's, for the same reason.
 * - DeleteTenantDomain, RemoveChildDomain and the name registry commands: the stream named by
 *   their tenantDomainId (for RemoveChildDomain that is the parent).
 * Create and rename yield events for two streams; see tenantDomain.decide.ts for the append order.
 */
export type CreateTenantDomain = Command<
  'CreateTenantDomain',
  {
    tenantDomainId: string;
    name: string;
    parentId: string | null;
    /** The parent's current path from the read model (ancestors may have been renamed since the parent was). */
    parentPath: string | null;
    now: string;
  }
>;

export type UpdateTenantDomain = Command<
  'UpdateTenantDomain',
  { tenantDomainId: string; parentId: string | null; name: string; parentPath: string | null; now: string }
>;

export type DeleteTenantDomain = Command<
  'DeleteTenantDomain',
  { tenantDomainId: string; cleanup: boolean; now: string }
>;

/** Frees a deleted child's name in its parent; sent by the command side after TenantDomainDeleted. */
export type RemoveChildDomain = Command<'RemoveChildDomain', { tenantDomainId: string; childId: string }>;

export type ReserveAccountName = Command<
  'ReserveAccountName',
  { tenantDomainId: string; accountId: string; name: string }
>;
export type ReleaseAccountName = Command<'ReleaseAccountName', { tenantDomainId: string; accountId: string }>;

export type ReserveUsername = Command<
  'ReserveUsername',
  { tenantDomainId: string; userId: string; username: string }
>;
export type ReleaseUsername = Command<'ReleaseUsername', { tenantDomainId: string; userId: string }>;

export type TenantDomainCommand =
  | CreateTenantDomain
  | UpdateTenantDomain
  | DeleteTenantDomain
  | RemoveChildDomain
  | ReserveAccountName
  | ReleaseAccountName
  | ReserveUsername
  | ReleaseUsername;
