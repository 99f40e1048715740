import {
  type TenantDomainState,
  tenantDomainCategory,
  tenantDomainDecider,
  tenantDomainEventSchemas,
} from '../../domain/tenancy/tenantDomain/index.ts';
import { streamReadModel } from './support.ts';

/**
 * Tenant domains as a tree of (id, parent_id, name). A rename records only the renamed domain's new
 * path, so the live path of any domain (and the subtree of a domain) is computed from the tree by
 * the queries; `recorded_path` is the path as the domain's own stream last wrote it.
 */
export const tenantDomains = streamReadModel<TenantDomainState>({
  name: 'tenant_domains',
  version: 1,
  // Authentication caches principals built from it.
  announce: true,
  category: tenantDomainCategory,
  schemas: tenantDomainEventSchemas,
  decider: tenantDomainDecider,
  columns: 'name text NOT NULL, parent_id text, recorded_path text NOT NULL, state text NOT NULL',
  indexes: ['(parent_id)', '(name, id)'],
  columnsOf: (d) =>
    d.status === 'absent'
      ? null
      : { name: d.name, parent_id: d.parentId, recorded_path: d.path, state: d.status },
  removed: (d) => d.status === 'deleted',
});
