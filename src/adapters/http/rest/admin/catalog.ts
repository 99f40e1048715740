import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import {
  copyImage,
  createDiskOffering,
  createServiceOffering,
  deleteDiskOffering,
  deleteImage,
  deleteServiceOffering,
  registerIso,
  registerTemplate,
  updateDiskOffering,
  updateImage,
  updateImagePermissions,
  updateServiceOffering,
} from '../../../../commands/admin/index.ts';
import { domainChain } from '../../../../commands/admin/tenancy/scope.ts';
import { diskFormats, hypervisorTypes } from '../../../../domain/hypervisor/index.ts';
import { imageKinds } from '../../../../domain/image/image.events.ts';
import type { Caller } from '../../../../domain/tenancy/roles.ts';
import {
  type Item,
  listResources,
  type ResourceSpec,
  resourceSpecs,
} from '../../../../projections/queries/index.ts';
import { type Route, route } from '../../route.ts';
import { diskOfferingSchemas } from './offeringSchemas.ts';
import {
  accepted,
  boolParam,
  created,
  hidden,
  id,
  idParams,
  invocation,
  listPage,
  noContent,
  pageFields,
  pageOptions,
  queryOf,
  readBack,
  readQuery,
  requireVisibleAccount,
  requireVisibleDomain,
} from './shared.ts';

const name = z.string().min(1).max(255);
const tags = z.array(z.string().min(1).max(255)).max(50);
const ids = z.array(id).max(100);

/** What a non-root caller may see of offerings and images. */
type Sight = { readonly chain: ReadonlySet<string>; readonly subtree: ReadonlySet<string> };

export const catalogRoutes = ({ app }: HttpContext): Route[] => {
  const { bus, pool } = app;
  const deps = { bus };

  const sightOf = async (caller: Caller): Promise<Sight> => {
    const chain = new Set((await domainChain(bus, caller.tenantDomainId)).map((d) => d.tenantDomainId));
    if (caller.roleType === 'User') return { chain, subtree: new Set() };
    const below = await listResources(
      pool,
      resourceSpecs.tenantDomains,
      { tenantDomainId: caller.tenantDomainId, isRecursive: true },
      { pageSize: 1000 },
    );
    return { chain, subtree: new Set(below.items.map((d) => d.id)) };
  };
  /** Offerings restricted to domains: visible in those domains and below them (and to their domain admins above). */
  const offeringVisible = (caller: Caller, sight: Sight, item: Item) => {
    const domainIds = (item.domainIds as string[] | undefined) ?? [];
    return (
      caller.roleType === 'Admin' ||
      domainIds.length === 0 ||
      domainIds.some((d) => sight.chain.has(d) || sight.subtree.has(d))
    );
  };
  const imageVisible = (caller: Caller, sight: Sight, item: Item) =>
    caller.roleType === 'Admin' ||
    item.isPublic === true ||
    item.isFeatured === true ||
    item.accountId === caller.accountId ||
    sight.subtree.has(item.tenantDomainId as string);

  /** List and get, narrowed to what the caller may see (non-root lists: one page of up to pageSize, no cursor). */
  const reads = (
    path: string,
    noun: string,
    spec: ResourceSpec,
    code: string,
    visible: (caller: Caller, sight: Sight, item: Item) => boolean,
    filters: z.ZodRawShape,
  ): Route[] => [
    route({
      method: 'get',
      path: `/v1/${path}`,
      summary: `List ${noun}s you may use`,
      tags: ['catalog'],
      query: queryOf({ ...pageFields, ...filters }),
      responses: { 200: { description: `A page of ${noun}s` } },
      handler: async (input) => {
        const caller = input.caller!;
        const {
          pageSize,
          cursor,
          sortBy,
          order,
          minPosition,
          apiKey,
          apikey,
          signature,
          signatureVersion,
          signatureversion,
          expires,
          contentSha256,
          ...rest
        } = input.query as Record<string, never>;
        const options = pageOptions({ pageSize, cursor, sortBy, order, minPosition });
        if (caller.roleType === 'Admin')
          return { status: 200, body: await listPage(pool, spec, rest, options) };
        const sight = await sightOf(caller);
        const all = await listPage(pool, spec, rest, { ...options, pageSize: 1000, cursor: undefined });
        const items = all.items.filter((i) => visible(caller, sight, i));
        const size = options.pageSize ?? 100;
        return { status: 200, body: { items: items.slice(0, size), total: items.length, nextCursor: null } };
      },
    }),
    route({
      method: 'get',
      path: `/v1/${path}/:id`,
      summary: `Get a ${noun}`,
      tags: ['catalog'],
      params: idParams,
      query: readQuery,
      responses: { 200: { description: `The ${noun}` }, 404: { description: 'Not found or not visible' } },
      handler: async (input) => {
        const item = await readBack(pool, spec, input.params.id, input.query.minPosition, code).catch(
          () => null,
        );
        if (!item || !visible(input.caller!, await sightOf(input.caller!), item))
          throw hidden(code, noun, input.params.id);
        return { status: 200, body: item };
      },
    }),
  ];

  /** A mutation of an offering or image the caller can't see answers 404, as for one that doesn't exist. */
  const requireVisible = async (
    spec: ResourceSpec,
    code: string,
    noun: string,
    caller: Caller,
    resourceId: string,
    visible: (caller: Caller, sight: Sight, item: Item) => boolean,
  ) => {
    const item = await readBack(pool, spec, resourceId, null, code).catch(() => null);
    if (!item || !visible(caller, await sightOf(caller), item)) throw hidden(code, noun, resourceId);
  };

  /**
   * A domain admin naming a domain outside its subtree gets the 404 of one that doesn't exist (the
   * operation's 403 would tell that it does); users and root admins get the operation's answer.
   */
  const requireVisibleDomains = async (caller: Caller, domainIds: readonly string[] | undefined) => {
    if (caller.roleType === 'Admin' || caller.roleType === 'User') return;
    for (const domainId of domainIds ?? []) await requireVisibleDomain(bus, caller, domainId);
  };
  /** An image registered for another account: one out of the caller's sight answers as absent. */
  const requireVisibleOwner = async (caller: Caller, accountId: string | undefined) => {
    if (accountId !== undefined) await requireVisibleAccount(bus, caller, accountId);
  };

  const serviceSpec = resourceSpecs.serviceOfferings;
  const diskSpec = resourceSpecs.diskOfferings;
  const imageSpec = resourceSpecs.images;
  const offeringFilters = { state: z.string().max(40).optional(), zoneId: id.optional() };
  const common = {
    name,
    displayText: z.string().max(4096).optional(),
    storageType: z.enum(['shared', 'local']).default('shared'),
    storageTags: tags.default([]),
    domainIds: ids.default([]),
    zoneIds: ids.default([]),
  };
  const commonPatch = {
    name: name.optional(),
    displayText: z.string().max(4096).optional(),
    storageTags: tags.optional(),
    domainIds: ids.optional(),
    zoneIds: ids.optional(),
  };

  const offerings: Route[] = [
    ...reads(
      'service-offerings',
      'service offering',
      serviceSpec,
      'SERVICE_OFFERING_NOT_FOUND',
      offeringVisible,
      offeringFilters,
    ),
    ...reads(
      'disk-offerings',
      'disk offering',
      diskSpec,
      'DISK_OFFERING_NOT_FOUND',
      offeringVisible,
      offeringFilters,
    ),
    route({
      method: 'post',
      path: '/v1/service-offerings',
      summary: 'Create a service offering',
      tags: ['catalog'],
      body: z.strictObject({
        ...common,
        sizing: diskOfferingSchemas.computeSizing,
        networkRateMbps: z.number().int().positive().nullable().default(null),
        offerHa: z.boolean().default(false),
        hostTags: tags.default([]),
        dynamicScalingEnabled: z.boolean().default(false),
        limitCpuUse: z.boolean().default(false),
        isSystem: z.boolean().default(false),
        deploymentPlanner: diskOfferingSchemas.deploymentPlanner.nullable().default(null),
      }),
      responses: { 201: { description: 'The new offering' } },
      handler: async (input) => {
        await requireVisibleDomains(input.caller!, input.body.domainIds);
        const { offeringId, position } = await createServiceOffering(deps, invocation(input), input.body);
        return created(
          await readBack(pool, serviceSpec, offeringId, position, 'SERVICE_OFFERING_NOT_FOUND'),
          position,
        );
      },
    }),
    route({
      method: 'post',
      path: '/v1/disk-offerings',
      summary: 'Create a disk offering',
      tags: ['catalog'],
      body: z.strictObject({
        ...common,
        sizing: diskOfferingSchemas.diskSizing,
        qos: diskOfferingSchemas.qos.optional(),
      }),
      responses: { 201: { description: 'The new offering' } },
      handler: async (input) => {
        await requireVisibleDomains(input.caller!, input.body.domainIds);
        const { offeringId, position } = await createDiskOffering(deps, invocation(input), input.body);
        return created(
          await readBack(pool, diskSpec, offeringId, position, 'DISK_OFFERING_NOT_FOUND'),
          position,
        );
      },
    }),
  ];
  for (const [path, noun, spec, code, update, remove, patch] of [
    [
      'service-offerings',
      'service offering',
      serviceSpec,
      'SERVICE_OFFERING_NOT_FOUND',
      updateServiceOffering,
      deleteServiceOffering,
      { ...commonPatch, hostTags: tags.optional() },
    ],
    [
      'disk-offerings',
      'disk offering',
      diskSpec,
      'DISK_OFFERING_NOT_FOUND',
      updateDiskOffering,
      deleteDiskOffering,
      commonPatch,
    ],
  ] as const) {
    offerings.push(
      route({
        method: 'patch',
        path: `/v1/${path}/:id`,
        summary: `Update a ${noun}`,
        tags: ['catalog'],
        params: idParams,
        body: z.strictObject(patch),
        responses: { 200: { description: `The ${noun}` } },
        handler: async (input) => {
          await requireVisible(spec, code, noun, input.caller!, input.params.id, offeringVisible);
          await requireVisibleDomains(input.caller!, input.body.domainIds);
          const { position } = await update(deps, invocation(input), {
            ...input.body,
            offeringId: input.params.id,
          });
          return { status: 200, body: await readBack(pool, spec, input.params.id, position, code), position };
        },
      }),
      route({
        method: 'delete',
        path: `/v1/${path}/:id`,
        summary: `Delete a ${noun}`,
        tags: ['catalog'],
        params: idParams,
        responses: { 204: { description: 'Deleted' } },
        handler: async (input) => {
          await requireVisible(spec, code, noun, input.caller!, input.params.id, offeringVisible);
          return noContent((await remove(deps, invocation(input), { offeringId: input.params.id })).position);
        },
      }),
    );
  }

  const registration = {
    name,
    displayText: z.string().max(4096).optional(),
    url: z.string().min(1).max(2048),
    zoneIds: z.union([ids.min(1), z.literal('all')]),
    isPublic: z.boolean().optional(),
    isFeatured: z.boolean().optional(),
    sizeBytes: z.number().int().positive().optional(),
    accountId: id.optional(),
  };
  const imageCode = 'IMAGE_NOT_FOUND';
  const visibleImage = (caller: Caller, imageId: string) =>
    requireVisible(imageSpec, imageCode, 'template or ISO', caller, imageId, imageVisible);
  const images: Route[] = [
    ...reads('images', 'template or ISO', imageSpec, imageCode, imageVisible, {
      state: z.string().max(40).optional(),
      zoneId: id.optional(),
      accountId: id.optional(),
      type: z.enum(imageKinds).optional(),
    }),
    route({
      method: 'post',
      path: '/v1/templates',
      summary: 'Register a template (downloaded to each zone by a job)',
      tags: ['catalog'],
      body: z.strictObject({
        ...registration,
        format: z.enum(diskFormats),
        hypervisor: z.enum(hypervisorTypes),
        osType: z.string().min(1).max(255),
        passwordEnabled: z.boolean().optional(),
        dynamicallyScalable: z.boolean().optional(),
      }),
      responses: { 202: { description: 'The template id and its download job' } },
      handler: async (input) => {
        await requireVisibleOwner(input.caller!, input.body.accountId);
        const { imageId, jobId, position } = await registerTemplate(deps, invocation(input), input.body);
        return accepted({ jobId, position }, imageId);
      },
    }),
    route({
      method: 'post',
      path: '/v1/isos',
      summary: 'Register an ISO (downloaded to each zone by a job)',
      tags: ['catalog'],
      body: z.strictObject({
        ...registration,
        bootable: z.boolean().default(true),
        osType: z.string().max(255).nullable().default(null),
      }),
      responses: { 202: { description: 'The ISO id and its download job' } },
      handler: async (input) => {
        await requireVisibleOwner(input.caller!, input.body.accountId);
        const { imageId, jobId, position } = await registerIso(deps, invocation(input), input.body);
        return accepted({ jobId, position }, imageId);
      },
    }),
    route({
      method: 'patch',
      path: '/v1/images/:id',
      summary: 'Update a template or ISO',
      tags: ['catalog'],
      params: idParams,
      body: z.strictObject({
        kind: z.enum(imageKinds),
        name: name.optional(),
        displayText: z.string().max(4096).optional(),
        osType: z.string().max(255).optional(),
        passwordEnabled: z.boolean().optional(),
        dynamicallyScalable: z.boolean().optional(),
        bootable: z.boolean().optional(),
      }),
      responses: { 200: { description: 'The image' } },
      handler: async (input) => {
        await visibleImage(input.caller!, input.params.id);
        const { position } = await updateImage(deps, invocation(input), {
          ...input.body,
          imageId: input.params.id,
        });
        return {
          status: 200,
          body: await readBack(pool, imageSpec, input.params.id, position, imageCode),
          position,
        };
      },
    }),
    route({
      method: 'put',
      path: '/v1/images/:id/permissions',
      summary: 'Change the public and featured flags of a template or ISO',
      tags: ['catalog'],
      params: idParams,
      body: z.strictObject({
        kind: z.enum(imageKinds),
        isPublic: z.boolean().optional(),
        isFeatured: z.boolean().optional(),
      }),
      responses: { 200: { description: 'The image' } },
      handler: async (input) => {
        await visibleImage(input.caller!, input.params.id);
        const { position } = await updateImagePermissions(deps, invocation(input), {
          ...input.body,
          imageId: input.params.id,
        });
        return {
          status: 200,
          body: await readBack(pool, imageSpec, input.params.id, position, imageCode),
          position,
        };
      },
    }),
    route({
      method: 'post',
      path: '/v1/images/:id/copy',
      summary: 'Copy a template or ISO to other zones',
      tags: ['catalog'],
      params: idParams,
      body: z.strictObject({ kind: z.enum(imageKinds), sourceZoneId: id, destinationZoneIds: ids.min(1) }),
      responses: { 202: { description: 'The copy job' } },
      handler: async (input) => {
        await visibleImage(input.caller!, input.params.id);
        return accepted(
          await copyImage(deps, invocation(input), { ...input.body, imageId: input.params.id }),
          input.params.id,
        );
      },
    }),
    route({
      method: 'delete',
      path: '/v1/images/:id',
      summary: "Delete a template or ISO (one zone's copy with zoneId)",
      tags: ['catalog'],
      params: idParams,
      query: queryOf({ kind: z.enum(imageKinds), zoneId: id.optional(), forced: boolParam.optional() }),
      responses: { 202: { description: 'The delete job' } },
      handler: async (input) => {
        await visibleImage(input.caller!, input.params.id);
        const { kind, zoneId, forced } = input.query;
        return accepted(
          await deleteImage(deps, invocation(input), { imageId: input.params.id, kind, zoneId, forced }),
          input.params.id,
        );
      },
    }),
  ];
  return [...offerings, ...images];
};
