import {
  type UserState,
  userCategory,
  userDecider,
  userEventSchemas,
} from '../../domain/tenancy/user/index.ts';
import { streamReadModel } from './support.ts';

/**
 * Users without their secrets: the user aggregate keeps neither the password hash nor the API
 * secret, so neither its state (the `aggregate` column) nor any column holds them. The API key is
 * an identifier, not a secret, and is shown.
 */
export const users = streamReadModel<UserState>({
  name: 'users',
  version: 1,
  // Authentication caches principals built from it.
  announce: true,
  category: userCategory,
  schemas: userEventSchemas,
  decider: userDecider,
  columns: `username text NOT NULL, account_id text NOT NULL, tenant_domain_id text NOT NULL,
    firstname text NOT NULL, lastname text NOT NULL, email text NOT NULL, api_key text, state text NOT NULL`,
  indexes: ['(account_id, username, id)', '(tenant_domain_id)', '(api_key)', '(username, id)'],
  columnsOf: (u) =>
    u.status === 'absent'
      ? null
      : {
          username: u.username,
          account_id: u.accountId,
          tenant_domain_id: u.tenantDomainId,
          firstname: u.firstname,
          lastname: u.lastname,
          email: u.email,
          api_key: u.apiKey,
          state: u.status,
        },
  removed: (u) => u.status === 'removed',
});
