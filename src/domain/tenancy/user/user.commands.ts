import type { Command } from '../../shared/index.ts';

/**
 * Usernames are unique within a tenant domain: the command side reserves the username on the tenant
 * domain stream (ReserveUsername) before CreateUser or a renaming UpdateUser, and releases it after
 * DeleteUser. Passwords arrive already hashed (a PHC string such as `$scrypt$...`); API secrets
 * arrive already encrypted: the domain never sees clear text.
 */
export type CreateUser = Command<
  'CreateUser',
  {
    userId: string;
    accountId: string;
    tenantDomainId: string;
    username: string;
    firstname: string;
    lastname: string;
    email: string;
    passwordHash: string;
    /** The root admin user created at installation: it can never be deleted, disabled or locked. */
    bootstrap?: boolean;
    now: string;
  }
>;

/** Only the fields given change. */
export type UpdateUser = Command<
  'UpdateUser',
  { userId: string; username?: string; firstname?: string; lastname?: string; email?: string; now: string }
>;

export type ChangeUserPassword = Command<
  'ChangeUserPassword',
  { userId: string; passwordHash: string; now: string }
>;

/** Replaces the user's API key pair. */
export type RegisterUserKeys = Command<
  'RegisterUserKeys',
  { userId: string; apiKey: string; encryptedSecret: string; now: string }
>;

export type DisableUser = Command<'DisableUser', { userId: string; now: string }>;
export type EnableUser = Command<'EnableUser', { userId: string; now: string }>;
export type LockUser = Command<'LockUser', { userId: string; now: string }>;
export type DeleteUser = Command<'DeleteUser', { userId: string; now: string }>;

export type UserCommand =
  | CreateUser
  | UpdateUser
  | ChangeUserPassword
  | RegisterUserKeys
  | DisableUser
  | EnableUser
  | LockUser
  | DeleteUser;
