import type pg from 'pg';
import { type AccountType, accountTypeNames, roleTypeForAccountType } from '../../../domain/tenancy/roles.ts';
import { userCategory } from '../../../domain/tenancy/user/index.ts';
import { liveDomainPath } from '../../../projections/queries/index.ts';
import { idInStream, readModel } from '../../../projections/readModels/support.ts';
import type { Principal, PrincipalLookup } from './authenticate.ts';

/**
 * What authentication needs and no query may show: each user's password hash, API key and
 * encrypted API secret. A read model of its own, so the resource views never hold a secret.
 */
export const credentials = readModel({
  name: 'credentials',
  version: 1,
  announce: true,
  eventTypes: ['UserCreated', 'UserPasswordChanged', 'UserKeysRegistered', 'UserDeleted'],
  columns: 'password_hash text, api_key text, encrypted_secret text',
  indexes: ['(api_key)'],
  rowsOf: (event) => {
    const id = idInStream(event.stream, userCategory);
    return id ? [id] : [];
  },
  evolve: (row, event) => {
    const data = event.data as { passwordHash?: string; apiKey?: string; encryptedSecret?: string };
    switch (event.type) {
      case 'UserCreated':
        return { password_hash: data.passwordHash, api_key: null, encrypted_secret: null };
      case 'UserPasswordChanged':
        return { ...row, password_hash: data.passwordHash };
      case 'UserKeysRegistered':
        return { ...row, api_key: data.apiKey, encrypted_secret: data.encryptedSecret };
      default:
        return null;
    }
  },
});

type PrincipalRow = {
  user_id: string;
  account_id: string;
  tenant_domain_id: string;
  domain_path: string;
  account_type: string;
  user_state: string;
  account_state: string;
  encrypted_secret: string | null;
  password_hash: string | null;
};

/** A principal with its domain's live path (a renamed ancestor renames it: logins and scopes follow). */
const principalSql = (where: string) => `
  SELECT * FROM (
    SELECT u.id AS user_id, u.account_id, u.tenant_domain_id, ${liveDomainPath('u.tenant_domain_id')} AS domain_path,
           a.type AS account_type, u.state AS user_state, a.state AS account_state,
           c.encrypted_secret, c.password_hash, u.username
    FROM users u
    JOIN accounts a ON a.id = u.account_id
    LEFT JOIN credentials c ON c.id = u.id
    WHERE u.removed_at IS NULL AND a.removed_at IS NULL) p
  WHERE ${where}`;

const principalOf = (row: PrincipalRow): Principal => {
  const accountType: AccountType = (accountTypeNames as readonly string[]).includes(row.account_type)
    ? (row.account_type as AccountType)
    : 'User';
  return {
    caller: {
      userId: row.user_id,
      accountId: row.account_id,
      tenantDomainId: row.tenant_domain_id,
      tenantDomainPath: row.domain_path,
      roleType: roleTypeForAccountType[accountType],
    },
    active: row.user_state === 'enabled' && row.account_state === 'enabled',
  };
};

/** Finds principals in the read models (users, accounts, tenant domains, credentials). */
export const readModelPrincipals = (
  pool: pg.Pool,
): PrincipalLookup & {
  byUsername(
    username: string,
    domainPath: string,
  ): Promise<{ principal: Principal; passwordHash: string | null } | null>;
} => ({
  async byApiKey(apiKey) {
    const { rows } = await pool.query<PrincipalRow>(
      principalSql('p.user_id = (SELECT id FROM credentials WHERE api_key = $1)'),
      [apiKey],
    );
    const row = rows[0];
    return row?.encrypted_secret
      ? { principal: principalOf(row), encryptedSecret: row.encrypted_secret }
      : null;
  },
  async byUserId(userId) {
    const { rows } = await pool.query<PrincipalRow>(principalSql('p.user_id = $1'), [userId]);
    return rows[0] ? principalOf(rows[0]) : null;
  },
  async byUsername(username, domainPath) {
    const { rows } = await pool.query<PrincipalRow>(
      principalSql('lower(p.username) = lower($1) AND lower(p.domain_path) = lower($2)'),
      [username, domainPath],
    );
    return rows[0] ? { principal: principalOf(rows[0]), passwordHash: rows[0].password_hash } : null;
  },
});
