import type { HttpContext } from '../../../app/http.ts';
import type { Route } from '../route.ts';

/** Every route of the native REST API. */
export const restRoutes = (_context: HttpContext): Route[] => [];
