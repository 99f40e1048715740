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
  type ResourceSpec,
  resourceSpecs,
  type Sharing,
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

export const catalogRoutes = ({ app }: HttpContext): Route[] => {
  const { bus, pool } = app;
  const deps = { bus };

  /**
   * What a caller may see of offerings and images besides everything a root admin sees: the
   * list builder's `visibleTo`, evaluated in SQL so pages, cursors and totals are exact.
   */
  const sharingOf = async (caller: Caller): Promise<Sharing | null> =>
    caller.roleType === 'Admin'
      ? null
      : {
          accountId: caller.accountId,
          domainChain: (await domainChain(bus, caller.tenantDomainId)).map((d) => d.tenantDomainId),
          subtreeOf: caller.roleType === 'User' ? null : caller.tenantDomainId,
        };
  /**
   * The item `resourceId` once it shows `position`, when the caller may see it; otherwise the 404 of
   * one that doesn't exist (so reads and mutations of what is out of sight never tell it exists).
   */
  const findVisible = async (
    spec: ResourceSpec,
    code: string,
    noun: string,
    caller: Caller,
    resourceId: string,
    position?: string,
  ): Promise<Item> => {
    // One read: the item itself for a root admin, the item as the caller may see it otherwise.
    const sharing = await sharingOf(caller);
    const item = await (sharing
      ? listPage(
          pool,
          spec,
          { id: resourceId, visibleTo: sharing, includeRemoved: true },
          { pageSize: 1, withTotal: false, ...(position !== undefined && { minPosition: position }) },
        ).then((page) => page.items[0] ?? null)
      : readBack(pool, spec, resourceId, position, code)
    ).catch(() => null);
    if (!item) throw hidden(code, noun, resourceId);
    return item;
  };

  /** List and get, narrowed in SQL to what the caller may see. */
  const reads = (
    path: string,
    noun: string,
    spec: ResourceSpec,
    code: string,
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
        const sharing = await sharingOf(caller);
        const filters = sharing ? { ...rest, visibleTo: sharing } : rest;
        return { status: 200, body: await listPage(pool, spec, filters, options) };
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
        const item = await findVisible(
          spec,
          code,
          noun,
          input.caller!,
          input.params.id,
          input.query.minPosition,
        );
        return { status: 200, body: item };
      },
    }),
  ];

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
      offeringFilters,
    ),
    ...reads('disk-offerings', 'disk offering', diskSpec, 'DISK_OFFERING_NOT_FOUND', offeringFilters),
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
          await findVisible(spec, code, noun, input.caller!, input.params.id);
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
          await findVisible(spec, code, noun, input.caller!, input.params.id);
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
    findVisible(imageSpec, imageCode, 'template or ISO', caller, imageId);
  /** A sync change of an image the caller can see, answered with the image as it is then. */
  const imageChange = <B extends z.ZodObject>(
    method: 'patch' | 'put',
    path: string,
    summary: string,
    body: B,
    change: (
      d: typeof deps,
      i: ReturnType<typeof invocation>,
      input: z.infer<B> & { imageId: string },
    ) => Promise<{ position: string | null }>,
  ): Route =>
    route({
      method,
      path,
      summary,
      tags: ['catalog'],
      params: idParams,
      body,
      responses: { 200: { description: 'The image' } },
      handler: async (input) => {
        await visibleImage(input.caller!, input.params.id);
        const { position } = await change(deps, invocation(input), {
          ...input.body,
          imageId: input.params.id,
        });
        return {
          status: 200,
          body: await readBack(pool, imageSpec, input.params.id, position, imageCode),
          position,
        };
      },
    });
  const images: Route[] = [
    ...reads('images', 'template or ISO', imageSpec, imageCode, {
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
    imageChange(
      'patch',
      '/v1/images/:id',
      'Update a template or ISO',
      z.strictObject({
        kind: z.enum(imageKinds),
        name: name.optional(),
        displayText: z.string().max(4096).optional(),
        osType: z.string().max(255).optional(),
        passwordEnabled: z.boolean().optional(),
        dynamicallyScalable: z.boolean().optional(),
        bootable: z.boolean().optional(),
      }),
      updateImage,
    ),
    imageChange(
      'put',
      '/v1/images/:id/permissions',
      'Change the public and featured flags of a template or ISO',
      z.strictObject({
        kind: z.enum(imageKinds),
        isPublic: z.boolean().optional(),
        isFeatured: z.boolean().optional(),
      }),
      updateImagePermissions,
    ),
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
