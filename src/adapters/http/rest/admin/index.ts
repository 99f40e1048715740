import type { HttpContext } from '../../../../app/http.ts';
import type { Route } from '../../route.ts';
import { authRoutes } from './auth.ts';
import { capacityRoutes } from './capacity.ts';
import { catalogRoutes } from './catalog.ts';
import { infrastructureRoutes } from './infrastructure.ts';
import { tenancyRoutes } from './tenancy.ts';

/** The admin half of the REST API: authentication, infrastructure, tenancy, limits, offerings, images, capacity. */
export const adminRoutes = (context: HttpContext): Route[] => [
  ...authRoutes(context),
  ...infrastructureRoutes(context),
  ...tenancyRoutes(context),
  ...catalogRoutes(context),
  ...capacityRoutes(context),
];
