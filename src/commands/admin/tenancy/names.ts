import type { TenantDomainCommand } from '../../../domain/tenancy/tenantDomain/index.ts';
import type { CommandOf } from '../../aggregates.ts';
import { dryRunCreate, type StepRunner } from '../shared.ts';

/**
 * Account names and usernames are unique in their tenant domain. A name is reserved in the domain
 * stream before the account or user takes it: that append is the uniqueness check, so of two
 * concurrent claims on one name exactly one wins.
 */
type Holder = 'account' | 'user';

/** The domain commands that hold and free each kind of name, and the step names they run as. */
const names: Record<
  Holder,
  {
    readonly step: string;
    readonly reserve: (tenantDomainId: string, id: string, name: string) => TenantDomainCommand;
    readonly release: (tenantDomainId: string, id: string) => TenantDomainCommand;
  }
> = {
  account: {
    step: 'account-name',
    reserve: (tenantDomainId, accountId, name) => ({
      type: 'ReserveAccountName',
      data: { tenantDomainId, accountId, name },
    }),
    release: (tenantDomainId, accountId) => ({
      type: 'ReleaseAccountName',
      data: { tenantDomainId, accountId },
    }),
  },
  user: {
    step: 'username',
    reserve: (tenantDomainId, userId, username) => ({
      type: 'ReserveUsername',
      data: { tenantDomainId, userId, username },
    }),
    release: (tenantDomainId, userId) => ({ type: 'ReleaseUsername', data: { tenantDomainId, userId } }),
  },
};

/** Reserves `name` in the domain for the account or user `id` (a rename reserves the new one). */
export const reserveName = (
  steps: StepRunner,
  holder: Holder,
  tenantDomainId: string,
  id: string,
  name: string,
) =>
  steps.run(
    `reserve-${names[holder].step}`,
    'tenantDomain',
    tenantDomainId,
    names[holder].reserve(tenantDomainId, id, name),
  );

/** Frees the name the account or user `id` holds in the domain; `prefix` keys the step in its operation. */
export const releaseName = (
  steps: StepRunner,
  holder: Holder,
  tenantDomainId: string,
  id: string,
  prefix = '',
) =>
  steps.run(
    `${prefix}release-${names[holder].step}`,
    'tenantDomain',
    tenantDomainId,
    names[holder].release(tenantDomainId, id),
  );

/**
 * Records an account or user under a name reserved first; if it can't be recorded the name is
 * given back. The creation is checked before anything is reserved.
 */
export const createUnderName = async <K extends Holder>(
  steps: StepRunner,
  aggregate: K,
  {
    tenantDomainId,
    id,
    name,
  }: { readonly tenantDomainId: string; readonly id: string; readonly name: string },
  create: CommandOf<K>,
): Promise<void> => {
  dryRunCreate(aggregate, create);
  await reserveName(steps, aggregate, tenantDomainId, id, name);
  try {
    await steps.run(`create-${aggregate}`, aggregate, id, create);
  } catch (e) {
    await releaseName(steps, aggregate, tenantDomainId, id);
    throw e;
  }
};
