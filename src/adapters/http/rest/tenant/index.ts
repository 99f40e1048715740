import type { HttpContext } from '../../../../app/http.ts';
import type { Route } from '../../route.ts';
import { activityRoutes } from './activity.ts';
import { storageRoutes } from './storage.ts';
import { vmRoutes } from './vms.ts';

/** The tenant side of the REST API: VMs, volumes, snapshots and policies, jobs, events, audit export. */
export const tenantRoutes = (context: HttpContext): Route[] => [
  ...vmRoutes(context),
  ...storageRoutes(context),
  ...activityRoutes(context),
];
