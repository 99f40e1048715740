import type { RowProjection } from '../projection.ts';
import { accounts } from './accounts.ts';
import { auditLog } from './auditLog.ts';
import { clusters } from './clusters.ts';
import { hosts } from './hosts.ts';
import { imageStores } from './imageStores.ts';
import { images } from './images.ts';
import { jobs } from './jobs.ts';
import { diskOfferings, serviceOfferings } from './offerings.ts';
import { pods } from './pods.ts';
import { resourceCounts, resourceLimits } from './resourceCounts.ts';
import { snapshotPolicies } from './snapshotPolicies.ts';
import { snapshots } from './snapshots.ts';
import { storagePools } from './storagePools.ts';
import { tenantDomains } from './tenantDomains.ts';
import { users } from './users.ts';
import { vms } from './vms.ts';
import { volumes } from './volumes.ts';
import { zones } from './zones.ts';

export { auditedEventTypes, auditFactsOf } from './auditNames.ts';
export {
  accounts,
  auditLog,
  clusters,
  diskOfferings,
  hosts,
  imageStores,
  images,
  jobs,
  pods,
  resourceCounts,
  resourceLimits,
  serviceOfferings,
  snapshotPolicies,
  snapshots,
  storagePools,
  tenantDomains,
  users,
  vms,
  volumes,
  zones,
};

/** Every read model, each run by its own ProjectionRunner and rebuilt by `npm run projections:rebuild`. */
export const readModels: readonly RowProjection[] = [
  zones,
  pods,
  clusters,
  hosts,
  storagePools,
  imageStores,
  tenantDomains,
  accounts,
  users,
  resourceCounts,
  resourceLimits,
  serviceOfferings,
  diskOfferings,
  images,
  vms,
  volumes,
  snapshots,
  snapshotPolicies,
  jobs,
  auditLog,
];

export const readModelNamed = (name: string): RowProjection | undefined =>
  readModels.find((m) => m.name === name);
