import { forbidden, illegalState, notFound } from '../../../domain/shared/index.ts';
import type { Caller } from '../../../domain/tenancy/roles.ts';
import type { User } from '../../../domain/tenancy/user/index.ts';
import type { CommandBus } from '../../commandBus.ts';
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
import { hashPassword } from './passwords.ts';
import { type OwnedAccount, requireAccountAccess, requireAdminRole } from './scope.ts';
import { encrypt, generateApiKeyPair } from './secrets.ts';

export type Profile = {
  readonly username: string;
  readonly firstname: string;
  readonly lastname: string;
  readonly email: string;
};

export const loadUser = async (bus: CommandBus, userId: string): Promise<User> => {
  const { state } = await bus.load('user', userId);
  if (state.status === 'absent')
    throw notFound('USER_NOT_FOUND', `The user ${userId} does not exist.`, { userId });
  return state;
};

/** The user and its account, once the caller may act on them: admins in scope, a plain user on itself only. */
export const requireUserAccess = async (
  bus: CommandBus,
  caller: Caller,
  userId: string,
  action: string,
): Promise<OwnedAccount & { user: User }> => {
  const user = await loadUser(bus, userId);
  const owned = await requireAccountAccess(bus, caller, user.accountId, action);
  if (caller.roleType === 'User' && caller.userId !== userId)
    throw forbidden('TENANCY_FORBIDDEN', `You may not ${action}.`, {
      userId: caller.userId,
      targetUserId: userId,
    });
  return { ...owned, user };
};

/**
 * Reserves the username in the account's domain, then records the user; if the user can't be
 * recorded the name is given back. The profile is checked before anything is reserved.
 */
export const addUser = async (
  steps: StepRunner,
  account: { readonly accountId: string; readonly tenantDomainId: string },
  userId: string,
  profile: Profile & { readonly password: string },
  bootstrap = false,
): Promise<void> => {
  const { password, ...fields } = profile;
  const create = {
    type: 'CreateUser' as const,
    data: {
      userId,
      ...account,
      ...fields,
      passwordHash: await hashPassword(password),
      bootstrap,
      now: steps.now(),
    },
  };
  await createUnderName(
    steps,
    'user',
    { tenantDomainId: account.tenantDomainId, id: userId, name: profile.username },
    create,
  );
};

export type CreateUserInput = Profile & {
  readonly accountId: string;
  readonly password: string;
  readonly userId?: string;
};

/** createUser (sync): admins add users to the accounts in their scope. */
export const createUser = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: CreateUserInput,
): Promise<Positioned & { userId: string }> => {
  requireAdminRole(caller, 'create users');
  const { account } = await requireAccountAccess(
    bus,
    caller,
    input.accountId,
    'create users in this account',
  );
  if (account.status === 'removed')
    throw illegalState('ACCOUNT_REMOVED', `The account ${account.name} has been deleted.`, {
      accountId: account.accountId,
    });
  const userId = newId(ctx, 'user', input.userId);
  const steps = new Steps(bus, ctx);
  const { accountId: _, userId: __, ...profile } = input;
  await addUser(steps, account, userId, profile);
  return { userId, position: steps.position };
};

export type UpdateUserInput = Partial<Profile> & { readonly userId: string };

/** updateUser (sync): a new username is reserved in the domain first (the old one is released with it). */
export const updateUser = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: UpdateUserInput,
): Promise<Positioned> => {
  const { user } = await requireUserAccess(bus, caller, input.userId, 'update this user');
  const steps = new Steps(bus, ctx);
  const { userId, tenantDomainId } = user;
  if (input.username !== undefined && input.username !== user.username)
    await reserveName(steps, 'user', tenantDomainId, userId, input.username);
  await steps.run('update', 'user', userId, { type: 'UpdateUser', data: { ...input, now: bus.now() } });
  return { position: steps.position };
};

export const changeUserPassword = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly userId: string; readonly password: string },
): Promise<Positioned> => {
  await requireUserAccess(bus, caller, input.userId, "change this user's password");
  return singleCommand(bus, ctx, 'password', 'user', input.userId, {
    type: 'ChangeUserPassword',
    data: { userId: input.userId, passwordHash: await hashPassword(input.password), now: bus.now() },
  });
};

/** enableUser and lockUser (sync in CloudStack); disableUser is async, see disableUser. */
export const setUserState = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly userId: string; readonly action: 'enable' | 'lock' },
): Promise<Positioned> => {
  requireAdminRole(caller, `${input.action} users`);
  await requireUserAccess(bus, caller, input.userId, `${input.action} this user`);
  const data = { userId: input.userId, now: bus.now() };
  return singleCommand(
    bus,
    ctx,
    input.action,
    'user',
    input.userId,
    input.action === 'enable' ? { type: 'EnableUser', data } : { type: 'LockUser', data },
  );
};

/** disableUser (async, as CloudStack): the DisableUser job records the change. */
export const disableUser = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly userId: string },
): Promise<Positioned & { jobId: string }> => {
  requireAdminRole(caller, 'disable users');
  const { account } = await requireUserAccess(bus, caller, input.userId, 'disable this user');
  return submitAdminJob(bus, ctx, {
    command: 'DisableUser',
    resourceType: 'User',
    resourceId: input.userId,
    params: { userId: input.userId },
    accountId: account.accountId,
    tenantDomainId: account.tenantDomainId,
  });
};

/** deleteUser (sync): the user is marked removed, then its username is freed in the domain. */
export const deleteUser = async (
  { bus }: AdminDeps,
  { caller, ctx }: Invocation,
  input: { readonly userId: string },
): Promise<Positioned> => {
  requireAdminRole(caller, 'delete users');
  const { user } = await requireUserAccess(bus, caller, input.userId, 'delete this user');
  const steps = new Steps(bus, ctx);
  await removeUser(steps, user.tenantDomainId, input.userId);
  return { position: steps.position };
};

/** Deletes a user and frees its name; both steps are no-ops when already done, so it can be repeated. */
export const removeUser = async (
  steps: StepRunner,
  tenantDomainId: string,
  userId: string,
  prefix = '',
): Promise<void> => {
  await steps.run(`${prefix}delete-user`, 'user', userId, {
    type: 'DeleteUser',
    data: { userId, now: steps.now() },
  });
  await releaseName(steps, 'user', tenantDomainId, userId, prefix);
};

export type SecretDeps = AdminDeps & {
  /** The AES-256 key API secrets are encrypted under (32 bytes, from the configuration). */
  readonly encryptionKey: Buffer;
};

/**
 * registerUserKeys (sync): a new key pair; the secret is stored encrypted and returned in clear
 * this once (CloudStack's getUserKeys shows it again; Skyledger decrypts it for that from the events).
 */
export const registerUserKeys = async (
  { bus, encryptionKey }: SecretDeps,
  { caller, ctx }: Invocation,
  input: { readonly userId: string },
): Promise<Positioned & { apiKey: string; secretKey: string }> => {
  await requireUserAccess(bus, caller, input.userId, "register this user's API keys");
  const { apiKey, secretKey } = generateApiKeyPair();
  const { position } = await singleCommand(bus, ctx, 'keys', 'user', input.userId, {
    type: 'RegisterUserKeys',
    data: {
      userId: input.userId,
      apiKey,
      encryptedSecret: encrypt(secretKey, encryptionKey),
      now: bus.now(),
    },
  });
  return { apiKey, secretKey, position };
};
