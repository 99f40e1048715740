import type { HttpContext } from '../../../app/http.ts';
import type { Route } from '../route.ts';
import { adminRoutes } from './admin/index.ts';
import { tenantRoutes } from './tenant/index.ts';
import { usageRoutes } from './usage.ts';

/** Every route of the native REST API. */
export const restRoutes = (context: HttpContext): Route[] => [
  ...adminRoutes(context),
  ...tenantRoutes(context),
  ...usageRoutes(context),
];
