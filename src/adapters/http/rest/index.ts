import { z } from 'zod';
import type { HttpContext } from '../../../app/http.ts';
import type { Route } from '../route.ts';
import { adminRoutes } from './admin/index.ts';
import { tenantRoutes } from './tenant/index.ts';
import { queryOf } from './tenant/shared.ts';
import { usageRoutes } from './usage.ts';

const noQuery = queryOf({});
const noBody = z.strictObject({});
const takesBody = new Set<Route['method']>(['post', 'put', 'patch']);

/**
 * Unknown fields are refused everywhere: a route that declares no query accepts only the
 * signature's parameters, and a POST, PUT or PATCH that declares no body only an empty one
 * (a route without a schema would otherwise ignore whatever it is sent).
 */
const refusingUnknownFields = (r: Route): Route => ({
  ...r,
  query: r.query ?? noQuery,
  ...(takesBody.has(r.method) && { body: r.body ?? noBody }),
});

/** Every route of the native REST API. */
export const restRoutes = (context: HttpContext): Route[] =>
  [...adminRoutes(context), ...tenantRoutes(context), ...usageRoutes(context)].map(refusingUnknownFields);
