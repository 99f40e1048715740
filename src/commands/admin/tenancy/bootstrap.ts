import { randomUUID } from 'node:crypto';
import type { Position } from '../../../adapters/eventstore/port.ts';
import { defaultRoles } from '../../../domain/tenancy/roles.ts';
import { rootDomainName } from '../../../domain/tenancy/tenantDomain/index.ts';
import type { CommandContext } from '../../context.ts';
import { hasCode, Steps } from '../shared.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { encrypt, generateApiKeyPair } from './secrets.ts';
import type { SecretDeps } from './users.ts';

/** Fixed ids, so every start of every node names the same ROOT domain and root admin. */
export const rootTenantDomainId = '00000000-0000-4000-8000-000000000101';
export const rootAdminAccountId = '00000000-0000-4000-8000-000000000102';
export const rootAdminUserId = '00000000-0000-4000-8000-000000000103';
export const rootAdminName = 'admin';

export type BootstrapIds = {
  readonly tenantDomainId: string;
  readonly accountId: string;
  readonly userId: string;
  readonly position: Position | null;
};

/** The credentials are in the answer of the one call that created the admin, and never again. */
export type BootstrapResult =
  | (BootstrapIds & { readonly created: false })
  | (BootstrapIds & {
      readonly created: true;
      readonly username: string;
      readonly password: string;
      readonly apiKey: string;
      readonly secretKey: string;
    });

const systemContext = (): CommandContext => ({
  commandId: `bootstrap:${randomUUID()}`,
  correlationId: randomUUID(),
  actor: { userId: 'system' },
});

/**
 * Creates, once, the ROOT tenant domain, the root admin account `admin` and its user `admin` with a
 * generated password and API key pair. Every step is a no-op when already done, so it runs at each
 * start; of two nodes starting together, exactly one creates the user (the other's CreateUser is
 * refused as USER_ALREADY_EXISTS) and only that one gets the credentials. The user and its keys
 * are recorded in one append, so a crash can't leave an admin whose secret was never shown.
 */
export const bootstrap = async ({ bus, encryptionKey }: SecretDeps): Promise<BootstrapResult> => {
  const steps = new Steps(bus, systemContext());
  const ids = { tenantDomainId: rootTenantDomainId, accountId: rootAdminAccountId, userId: rootAdminUserId };
  const done = (): BootstrapResult => ({ ...ids, position: steps.position, created: false });
  const now = bus.now();
  await steps.run('root', 'tenantDomain', rootTenantDomainId, {
    type: 'CreateTenantDomain',
    data: { tenantDomainId: rootTenantDomainId, name: rootDomainName, parentId: null, parentPath: null, now },
  });
  await steps.run('reserve-account-name', 'tenantDomain', rootTenantDomainId, {
    type: 'ReserveAccountName',
    data: { tenantDomainId: rootTenantDomainId, accountId: rootAdminAccountId, name: rootAdminName },
  });
  if ((await bus.load('account', rootAdminAccountId)).state.status === 'absent')
    await steps
      .run('create-account', 'account', rootAdminAccountId, {
        type: 'CreateAccount',
        data: {
          accountId: rootAdminAccountId,
          tenantDomainId: rootTenantDomainId,
          name: rootAdminName,
          type: 'RootAdmin',
          roleId: defaultRoles.rootAdmin.roleId,
          roleType: defaultRoles.rootAdmin.type,
          bootstrap: true,
          now,
        },
      })
      .catch((e) => {
        if (!hasCode(e, 'ACCOUNT_ALREADY_EXISTS')) throw e;
      });
  await steps.run('reserve-username', 'tenantDomain', rootTenantDomainId, {
    type: 'ReserveUsername',
    data: { tenantDomainId: rootTenantDomainId, userId: rootAdminUserId, username: rootAdminName },
  });
  if ((await bus.load('user', rootAdminUserId)).state.status !== 'absent') return done();

  const password = generatePassword();
  const { apiKey, secretKey } = generateApiKeyPair();
  const owner = {
    userId: rootAdminUserId,
    accountId: rootAdminAccountId,
    tenantDomainId: rootTenantDomainId,
  };
  try {
    await steps.runAll('create-user', 'user', rootAdminUserId, [
      {
        type: 'CreateUser',
        data: {
          ...owner,
          username: rootAdminName,
          firstname: 'Root',
          lastname: 'Administrator',
          email: 'admin@localhost.localdomain',
          passwordHash: await hashPassword(password),
          bootstrap: true,
          now,
        },
      },
      {
        type: 'RegisterUserKeys',
        data: { userId: rootAdminUserId, apiKey, encryptedSecret: encrypt(secretKey, encryptionKey), now },
      },
    ]);
  } catch (e) {
    if (hasCode(e, 'USER_ALREADY_EXISTS')) return done();
    throw e;
  }
  return {
    ...ids,
    position: steps.position,
    created: true,
    username: rootAdminName,
    password,
    apiKey,
    secretKey,
  };
};
