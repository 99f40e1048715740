import { forbidden, invalid } from '../../../domain/shared/index.ts';
import {
  type AccountType,
  defaultRoles,
  type Role,
  roleTypeForAccountType,
} from '../../../domain/tenancy/roles.ts';
import {
  type AdminDeps,
  type Invocation,
  newId,
  type Positioned,
  type StepRunner,
  Steps,
  singleCommand,
  submitAdminJob,
} from '../shared.ts';
import { createUnderName, releaseName, reserveName } from './names.ts';
import {
  domainChain,
  livePath,
  requireAccountAccess,
  requireAdminRole,
  requireDomainAccess,
} from './scope.ts';
import { addUser, type Profile } from './users.ts';

const builtInRoles: readonly Role[] = Object.values(defaultRoles);

/** The built-in role of an id, or the default role of the account type when none is given. */
export const resolveRole = (accountType: AccountType, roleId?: string): Role => {
  if (roleId === undefined) return builtInRoles.find((r) => r.type === roleTypeForAccountType[accountType])!;
  const role = builtInRoles.find((r) => r.roleId === roleId);
  if (role === undefined)
    throw invalid('ROLE_NOT_FOUND', `The role ${roleId} does not exist; use one of the built-in roles.`, {
      roleId,
      roles: builtInRoles.map((r) => r.roleId),
    });
  return role;
};

export type CreateAccountInput = Profile & {
  readonly password: string;
  /** Defaults to the caller's domain. */
  readonly tenantDomainId?: string;
  /** Defaults to the username, as CloudStack. */
  readonly accountName?: string;
  readonly accountType?: AccountType;
  readonly roleId?: string;
  readonly accountId?: string;
  readonly userId?: string;
};

/** Records an account under a name already reserved in its domain (shared with bootstrap). */
export const recordAccount = async (
  steps: StepRunner,
  account: {
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly name: string;
    readonly type: AccountType;
    readonly role: Role;
    readonly bootstrap?: boolean;
  },
): Promise<void> => {
  const { accountId, tenantDomainId, name, type, role } = account;
  const create = {
    type: 'CreateAccount' as const,
    data: {
      accountId,
      tenantDomainId,
      name,
      type,
      roleId: role.roleId,
      roleType: role.type,
      bootstrap: account.bootstrap ?? false,
      now: steps.now(),
    },
  };
  await createUnderName(steps, 'account', { tenantDomainId, id: accountId, name }, create);
};

/** Frees an account's name in its domain (shared with the DeleteAccount job). */
export const releaseAccountName = (
  steps: StepRunner,
  tenantDomainId: string,
  accountId: string,
  prefix = '',
) => releaseName(steps, 'account', tenantDomainId, accountId, prefix);

/**
 * createAccount (sync) with its first user. The account name is reserved in the domain stream first:
 * that append is the uniqueness check, so of two concurrent creates of one name exactly one wins.
 * A user that can't be created (username taken) undoes the account.
 */
export const createAccount = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: CreateAccountInput,
): Promise<Positioned & { accountId: string; userId: string }> => {
  requireAdminRole(caller, 'create accounts');
  const tenantDomainId = input.tenantDomainId ?? caller.tenantDomainId;
  const chain = await domainChain(bus, tenantDomainId);
  requireDomainAccess(caller, chain, `create accounts in ${livePath(chain)}`);
  const type = input.accountType ?? 'User';
  if (type === 'RootAdmin' && caller.roleType !== 'Admin')
    throw forbidden('TENANCY_FORBIDDEN', 'Only a root admin may create root admin accounts.', {
      userId: caller.userId,
    });
  const role = resolveRole(type, input.roleId);
  const accountId = newId(ctx, 'account', input.accountId);
  const userId = newId(ctx, 'user', input.userId);
  const steps = new Steps(bus, ctx);
  const name = input.accountName ?? input.username;
  await recordAccount(steps, { accountId, tenantDomainId, name, type, role });
  const { username, firstname, lastname, email, password } = input;
  try {
    await addUser(steps, { accountId, tenantDomainId }, userId, {
      username,
      firstname,
      lastname,
      email,
      password,
    });
  } catch (e) {
    await steps.run('undo-account', 'account', accountId, {
      type: 'DeleteAccount',
      data: { accountId, now: bus.now() },
    });
    await releaseAccountName(steps, tenantDomainId, accountId, 'undo-');
    throw e;
  }
  return { accountId, userId, position: steps.position };
};

/** updateAccount (sync): a rename reserves the new name in the domain first; a role change must fit the type. */
export const updateAccount = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly accountId: string; readonly name?: string; readonly roleId?: string },
): Promise<Positioned> => {
  requireAdminRole(caller, 'update accounts');
  const { account } = await requireAccountAccess(bus, caller, input.accountId, 'update this account');
  const { accountId, tenantDomainId } = account;
  const name = input.name ?? account.name;
  const steps = new Steps(bus, ctx);
  if (name !== account.name) await reserveName(steps, 'account', tenantDomainId, accountId, name);
  const role = input.roleId === undefined ? undefined : resolveRole(account.type, input.roleId);
  await steps.run('update', 'account', accountId, {
    type: 'UpdateAccount',
    data: {
      accountId,
      name,
      ...(role !== undefined && { role: { roleId: role.roleId, roleType: role.type } }),
      now: bus.now(),
    },
  });
  return { position: steps.position };
};

/** enableAccount (sync in CloudStack). */
export const enableAccount = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly accountId: string },
): Promise<Positioned> => {
  requireAdminRole(caller, 'enable accounts');
  await requireAccountAccess(bus, caller, input.accountId, 'enable this account');
  return singleCommand(bus, ctx, 'enable', 'account', input.accountId, {
    type: 'EnableAccount',
    data: { accountId: input.accountId, now: bus.now() },
  });
};

/** An admin never disables, locks or deletes its own account. */
const requireNotOwn = (caller: { accountId: string; userId: string }, accountId: string, action: string) => {
  if (caller.accountId === accountId)
    throw forbidden('TENANCY_FORBIDDEN', `You may not ${action} your own account.`, {
      userId: caller.userId,
    });
};

const accountJob = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  accountId: string,
  action: string,
  command: string,
  params: Record<string, unknown>,
): Promise<Positioned & { jobId: string }> => {
  requireAdminRole(caller, `${action} accounts`);
  const { account } = await requireAccountAccess(bus, caller, accountId, `${action} this account`);
  requireNotOwn(caller, accountId, action);
  return submitAdminJob(bus, ctx, {
    command,
    resourceType: 'Account',
    resourceId: accountId,
    params: { accountId, ...params },
    accountId,
    tenantDomainId: account.tenantDomainId,
  });
};

/** disableAccount (async): `lock` only refuses logins; a disable also stops the account's VMs (hook). */
export const disableAccount = (
  deps: AdminDeps,
  invocation: Invocation,
  input: { readonly accountId: string; readonly lock: boolean },
) =>
  accountJob(deps, invocation, input.accountId, input.lock ? 'lock' : 'disable', 'DisableAccount', {
    lock: input.lock,
  });

/** deleteAccount (async): the account, its resources (hook), its users and its name. */
export const deleteAccount = (
  deps: AdminDeps,
  invocation: Invocation,
  input: { readonly accountId: string },
) => accountJob(deps, invocation, input.accountId, 'delete', 'DeleteAccount', {});
