/**
 * Who may see and act on what (reference: cloudstack-domain.md §4). Pure functions over a caller
 * description the command side builds from the authenticated user, used by every handler and query.
 */

export const roleTypeNames = ['Admin', 'ResourceAdmin', 'DomainAdmin', 'User'] as const;
export type RoleType = (typeof roleTypeNames)[number];

/** CloudStack `RoleType` with its id and permission mask. */
export const roleTypes: Readonly<Record<RoleType, { readonly id: number; readonly mask: number }>> = {
  Admin: { id: 1, mask: 1 },
  ResourceAdmin: { id: 2, mask: 2 },
  DomainAdmin: { id: 3, mask: 4 },
  User: { id: 4, mask: 8 },
};

/** CloudStack `Account.Type` for the kinds Skyledger uses. */
export const accountTypeNames = ['User', 'RootAdmin', 'DomainAdmin'] as const;
export type AccountType = (typeof accountTypeNames)[number];

/** The ordinals CloudStack's API shows as `accounttype` (NORMAL=0, ADMIN=1, DOMAIN_ADMIN=2). */
export const accountTypeOrdinals: Readonly<Record<AccountType, number>> = {
  User: 0,
  RootAdmin: 1,
  DomainAdmin: 2,
};
export const accountTypeOfOrdinal = (ordinal: number): AccountType | undefined =>
  accountTypeNames.find((type) => accountTypeOrdinals[type] === ordinal);

/** The role type an account of each type must hold (CloudStack derives the account type from the role). */
export const roleTypeForAccountType: Readonly<Record<AccountType, RoleType>> = {
  User: 'User',
  RootAdmin: 'Admin',
  DomainAdmin: 'DomainAdmin',
};

export type Role = {
  readonly roleId: string;
  readonly name: string;
  readonly type: RoleType;
  readonly description: string;
};

/** The built-in roles; their ids are fixed so every installation and every test agrees on them. */
export const defaultRoles = {
  rootAdmin: {
    roleId: '00000000-0000-4000-8000-000000000001',
    name: 'Root Admin',
    type: 'Admin',
    description: 'Default root admin role',
  },
  resourceAdmin: {
    roleId: '00000000-0000-4000-8000-000000000002',
    name: 'Resource Admin',
    type: 'ResourceAdmin',
    description: 'Default resource admin role',
  },
  domainAdmin: {
    roleId: '00000000-0000-4000-8000-000000000003',
    name: 'Domain Admin',
    type: 'DomainAdmin',
    description: 'Default domain admin role',
  },
  user: {
    roleId: '00000000-0000-4000-8000-000000000004',
    name: 'User',
    type: 'User',
    description: 'Default user role',
  },
} as const satisfies Record<string, Role>;

/** The authenticated caller, as the command side resolves it from the user, account and tenant domain. */
export type Caller = {
  readonly userId: string;
  readonly accountId: string;
  readonly tenantDomainId: string;
  /** Materialised path of the caller's tenant domain, e.g. `ROOT/acme`. */
  readonly tenantDomainPath: string;
  readonly roleType: RoleType;
};

/** What a caller may see and act on. */
export type Scope = 'all' | { readonly subtreeOfPath: string } | { readonly account: string };

export const scopeOf = (caller: Caller): Scope => {
  switch (caller.roleType) {
    case 'Admin':
      return 'all';
    case 'ResourceAdmin':
    case 'DomainAdmin':
      return { subtreeOfPath: caller.tenantDomainPath };
    case 'User':
      return { account: caller.accountId };
  }
};

/** Whether `path` is `ancestorPath` itself or lies below it. The '/' boundary keeps `ROOT/ab` out of `ROOT/a`. */
export const isInSubtree = (path: string, ancestorPath: string): boolean =>
  path === ancestorPath || path.startsWith(`${ancestorPath}/`);

/**
 * What is acted on: a resource owned by an account (accountId set), or a tenant domain itself
 * (accountId null), located by its tenant domain's path.
 */
export type Owner = {
  readonly accountId: string | null;
  readonly tenantDomainPath: string;
};

export const canActOn = (caller: Caller, owner: Owner): boolean => {
  const scope = scopeOf(caller);
  if (scope === 'all') return true;
  if ('account' in scope) return owner.accountId !== null && owner.accountId === scope.account;
  return isInSubtree(owner.tenantDomainPath, scope.subtreeOfPath);
};

/** Zones, pods, clusters, hosts, storage: root admins only (domain admins see no physical infrastructure). */
export const canManageInfrastructure = (caller: Caller): boolean => caller.roleType === 'Admin';
