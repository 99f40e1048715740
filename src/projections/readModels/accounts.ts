import {
  type AccountState,
  accountCategory,
  accountDecider,
  accountEventSchemas,
} from '../../domain/tenancy/account/index.ts';
import { streamReadModel } from './support.ts';

export const accounts = streamReadModel<AccountState>({
  name: 'accounts',
  version: 1,
  // Authentication caches principals built from it.
  announce: true,
  category: accountCategory,
  schemas: accountEventSchemas,
  decider: accountDecider,
  columns: `name text NOT NULL, tenant_domain_id text NOT NULL, type text NOT NULL, role_id text NOT NULL,
    state text NOT NULL`,
  indexes: ['(tenant_domain_id, name, id)', '(name, id)'],
  columnsOf: (a) =>
    a.status === 'absent'
      ? null
      : {
          name: a.name,
          tenant_domain_id: a.tenantDomainId,
          type: a.type,
          role_id: a.roleId,
          state: a.status,
        },
  removed: (a) => a.status === 'removed',
});
