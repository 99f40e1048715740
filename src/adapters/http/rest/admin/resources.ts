import type { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import type { Invocation, Positioned } from '../../../../commands/admin/shared.ts';
import { requireRootAdmin } from '../../../../commands/admin/shared.ts';
import type { ListFilters, ResourceSpec } from '../../../../projections/queries/index.ts';
import { type Route, route } from '../../route.ts';
import {
  created,
  idParams,
  invocation,
  listPage,
  noContent,
  pageFields,
  pageOptions,
  queryOf,
  readBack,
  readQuery,
} from './shared.ts';

/**
 * The routes of a root-admin resource (zones, pods, clusters, hosts, pools, image stores): list
 * and get from its read model, and the create / update / enable / disable / delete the admin
 * operations offer. Each part is declared only when the resource has that operation.
 */
export type AdminResource<C extends z.ZodObject, U extends z.ZodObject, F extends z.ZodRawShape> = {
  readonly path: string;
  readonly tag: string;
  readonly noun: string;
  readonly spec: ResourceSpec;
  readonly notFoundCode: string;
  /** List filters beyond paging, name and keyword; passed to the query by the same names. */
  readonly filters: F;
  /** Whether anyone authenticated may list and get (zones); otherwise root admins only. */
  readonly publicRead?: boolean;
  readonly create?: {
    readonly body: C;
    readonly run: (inv: Invocation, body: z.infer<C>) => Promise<Positioned & { id: string }>;
  };
  readonly update?: {
    readonly body: U;
    readonly run: (inv: Invocation, id: string, body: z.infer<U>) => Promise<Positioned>;
  };
  readonly setEnabled?: (inv: Invocation, id: string, enabled: boolean) => Promise<Positioned>;
  readonly remove?: (inv: Invocation, id: string) => Promise<Positioned>;
};

const ok = { 200: { description: 'The resource' } };

export const adminResourceRoutes = <C extends z.ZodObject, U extends z.ZodObject, F extends z.ZodRawShape>(
  { app }: HttpContext,
  r: AdminResource<C, U, F>,
): Route[] => {
  const { pool } = app;
  const one = (id: string, position: string | null | undefined) =>
    readBack(pool, r.spec, id, position, r.notFoundCode);
  const mayRead = (inv: Invocation) => {
    if (!r.publicRead) requireRootAdmin(inv.caller, `list ${r.noun}s`);
  };
  const routes: Route[] = [
    route({
      method: 'get',
      path: `/v1/${r.path}`,
      summary: `List ${r.noun}s`,
      tags: [r.tag],
      query: queryOf({ ...pageFields, ...r.filters }),
      responses: { 200: { description: `A page of ${r.noun}s` } },
      handler: async (input) => {
        mayRead(invocation(input));
        const { pageSize, cursor, sortBy, order, minPosition, ...filters } = input.query as Record<
          string,
          unknown
        >;
        const {
          apiKey,
          apikey,
          signature,
          signatureVersion,
          signatureversion,
          expires,
          contentSha256,
          ...rest
        } = filters;
        const page = await listPage(
          pool,
          r.spec,
          rest as ListFilters,
          pageOptions({ pageSize, cursor, sortBy, order, minPosition } as Parameters<typeof pageOptions>[0]),
        );
        return { status: 200, body: page };
      },
    }),
    route({
      method: 'get',
      path: `/v1/${r.path}/:id`,
      summary: `Get a ${r.noun}`,
      tags: [r.tag],
      params: idParams,
      query: readQuery,
      responses: { ...ok, 404: { description: 'No such resource' } },
      handler: async (input) => {
        mayRead(invocation(input));
        return { status: 200, body: await one(input.params.id, input.query.minPosition) };
      },
    }),
  ];
  const { create, update, setEnabled, remove } = r;
  if (create)
    routes.push(
      route({
        method: 'post',
        path: `/v1/${r.path}`,
        summary: `Create a ${r.noun}`,
        tags: [r.tag],
        body: create.body,
        responses: { 201: { description: `The new ${r.noun}` } },
        handler: async (input) => {
          const { id, position } = await create.run(invocation(input), input.body as z.infer<C>);
          return created(await one(id, position), position);
        },
      }),
    );
  if (update)
    routes.push(
      route({
        method: 'patch',
        path: `/v1/${r.path}/:id`,
        summary: `Update a ${r.noun}`,
        tags: [r.tag],
        params: idParams,
        body: update.body,
        responses: ok,
        handler: async (input) => {
          const { position } = await update.run(invocation(input), input.params.id, input.body as z.infer<U>);
          return { status: 200, body: await one(input.params.id, position), position };
        },
      }),
    );
  if (setEnabled)
    for (const [action, enabled] of [
      ['enable', true],
      ['disable', false],
    ] as const)
      routes.push(
        route({
          method: 'post',
          path: `/v1/${r.path}/:id/${action}`,
          summary: `${action === 'enable' ? 'Enable' : 'Disable'} a ${r.noun}`,
          tags: [r.tag],
          params: idParams,
          responses: ok,
          handler: async (input) => {
            const { position } = await setEnabled(invocation(input), input.params.id, enabled);
            return { status: 200, body: await one(input.params.id, position), position };
          },
        }),
      );
  if (remove)
    routes.push(
      route({
        method: 'delete',
        path: `/v1/${r.path}/:id`,
        summary: `Delete a ${r.noun}`,
        tags: [r.tag],
        params: idParams,
        responses: { 204: { description: 'Deleted' } },
        handler: async (input) => noContent((await remove(invocation(input), input.params.id)).position),
      }),
    );
  return routes;
};
