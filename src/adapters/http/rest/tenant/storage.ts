import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import {
  attachVolume,
  createSnapshotPolicy,
  createTemplate,
  createVolume,
  deleteSnapshot,
  deleteSnapshotPolicies,
  deleteVolume,
  detachVolume,
  listSnapshotPolicies,
  recoverVolume,
  resizeVolume,
  revertSnapshot,
  takeSnapshot,
  updateSnapshotPolicy,
} from '../../../../commands/storage/index.ts';
import { intervalTypes } from '../../../../domain/snapshotPolicy/index.ts';
import { type Route, route } from '../../route.ts';
import {
  callerOf,
  defined,
  getScoped,
  hidingForeign,
  idParams,
  listScoped,
  operation,
  pageOptionsOf,
  pageQuery,
  problemResponses,
  queryOf,
  readQuery,
  uuid,
} from './shared.ts';

/** Volumes, snapshots, snapshot policies and templates made from a volume or a snapshot. */

const name = z.string().min(1).max(255);
const responses = {
  ...problemResponses,
  200: { description: 'Done' },
  201: { description: 'Created' },
  202: { description: 'Accepted: the job runs it' },
};

const ownedListQuery = {
  accountId: uuid.optional(),
  domainId: uuid.optional(),
  isRecursive: z.stringbool().optional(),
  keyword: z.string().min(1).max(255).optional(),
  name: name.optional(),
  includeRemoved: z.stringbool().optional(),
  ...pageQuery,
};

const ownership = (q: { accountId?: string; domainId?: string; isRecursive?: boolean }) => ({
  accountId: q.accountId,
  tenantDomainId: q.domainId,
  isRecursive: q.domainId !== undefined ? (q.isRecursive ?? true) : undefined,
});

const templateBody = z.strictObject({
  name,
  displayText: name.optional(),
  osType: name,
  isPublic: z.boolean().optional(),
  isFeatured: z.boolean().optional(),
  passwordEnabled: z.boolean().optional(),
  dynamicallyScalable: z.boolean().optional(),
});

const policyFields = {
  schedule: z.string().min(1).max(100),
  timezone: z.string().min(1).max(64),
  maxSnaps: z.number().int().min(1).max(1000),
  forDisplay: z.boolean().optional(),
};

export const storageRoutes = (context: HttpContext): Route[] => {
  const deps = context.app.storage;
  const requestOf = (
    caller: Parameters<typeof callerOf>[0],
    ctx: Parameters<typeof createVolume>[1]['ctx'],
  ) => ({
    caller: callerOf(caller),
    ctx,
  });
  return [
    // ---- volumes ----
    route({
      method: 'post',
      path: '/v1/volumes',
      summary: 'Create a data volume (sync; Allocated until first attached)',
      tags: ['volumes'],
      body: z.strictObject({
        name,
        zoneId: uuid.optional(),
        diskOfferingId: uuid.optional(),
        sizeGiB: z
          .number()
          .int()
          .positive()
          .max(1 << 20)
          .optional(),
        snapshotId: uuid.optional(),
        accountId: uuid.optional(),
      }),
      responses,
      handler: async ({ body, caller, ctx }) => {
        const { volumeId, position } = await hidingForeign(
          'accounts',
          body.accountId ?? '',
          () => createVolume(deps, requestOf(caller, ctx), defined(body)),
          body.snapshotId !== undefined ? [['snapshots', body.snapshotId]] : [],
        );
        return {
          status: 201,
          body: { id: volumeId },
          headers: { Location: `/v1/volumes/${volumeId}` },
          position,
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/volumes',
      summary: 'List volumes in your scope',
      tags: ['volumes'],
      query: queryOf({
        ...ownedListQuery,
        state: z.string().min(1).max(40).optional(),
        zoneId: uuid.optional(),
        vmId: uuid.optional(),
        type: z.enum(['ROOT', 'DATADISK']).optional(),
      }),
      responses,
      handler: async ({ query, caller }) =>
        listScoped(
          context,
          callerOf(caller),
          'volumes',
          defined({
            ...ownership(query),
            keyword: query.keyword,
            name: query.name,
            includeRemoved: query.includeRemoved,
            state: query.state,
            zoneId: query.zoneId,
            vmId: query.vmId,
            type: query.type,
          }),
          pageOptionsOf(query),
        ),
    }),
    route({
      method: 'get',
      path: '/v1/volumes/:id',
      summary: 'A volume',
      tags: ['volumes'],
      params: idParams,
      query: readQuery,
      responses,
      handler: async ({ params, query, caller }) => ({
        status: 200,
        body: await getScoped(context, callerOf(caller), 'volumes', params.id, query.minPosition),
      }),
    }),
    operation({
      kind: 'volumes',
      action: 'attach',
      summary: 'Attach a volume to a VM of its account (async)',
      body: z.strictObject({ vmId: uuid, deviceId: z.number().int().min(1).max(63).optional() }),
      others: (b) => [['vms', b.vmId]],
      run: (r, volumeId, b) => attachVolume(deps, r, defined({ volumeId, ...b })),
    }),
    operation({
      kind: 'volumes',
      action: 'detach',
      summary: 'Detach a data volume (async)',
      run: (r, volumeId) => detachVolume(deps, r, { volumeId }),
    }),
    operation({
      kind: 'volumes',
      action: 'resize',
      summary: 'Resize a volume (async)',
      body: z.strictObject({
        sizeGiB: z
          .number()
          .int()
          .positive()
          .max(1 << 20)
          .optional(),
        diskOfferingId: uuid.optional(),
        shrinkOk: z.boolean().optional(),
      }),
      run: (r, volumeId, b) => resizeVolume(deps, r, defined({ volumeId, ...b })),
    }),
    operation({
      kind: 'volumes',
      method: 'delete',
      summary: 'Delete a detached data volume (sync; recoverable until expunged)',
      run: (r, volumeId) => deleteVolume(deps, r, { volumeId }),
    }),
    operation({
      kind: 'volumes',
      action: 'recover',
      summary: 'Recover a deleted volume (sync)',
      run: (r, volumeId) => recoverVolume(deps, r, { volumeId }),
    }),
    operation({
      kind: 'volumes',
      action: 'snapshots',
      summary: 'Take a snapshot of a volume (async)',
      tags: ['snapshots'],
      body: z.strictObject({ name: name.optional() }),
      run: (r, volumeId, b) => takeSnapshot(deps, r, defined({ volumeId, name: b.name })),
      madeId: (submitted) => submitted.snapshotId,
    }),
    operation({
      kind: 'volumes',
      action: 'template',
      summary: 'Create a template from the volume of a stopped VM (async)',
      tags: ['templates'],
      body: templateBody,
      run: (r, volumeId, b) => createTemplate(deps, r, defined({ ...b, volumeId })),
      madeId: (submitted) => submitted.templateId,
    }),
    // ---- snapshots ----
    route({
      method: 'get',
      path: '/v1/snapshots',
      summary: 'List snapshots in your scope',
      tags: ['snapshots'],
      query: queryOf({
        ...ownedListQuery,
        state: z.string().min(1).max(40).optional(),
        zoneId: uuid.optional(),
      }),
      responses,
      handler: async ({ query, caller }) =>
        listScoped(
          context,
          callerOf(caller),
          'snapshots',
          defined({
            ...ownership(query),
            keyword: query.keyword,
            name: query.name,
            includeRemoved: query.includeRemoved,
            state: query.state,
            zoneId: query.zoneId,
          }),
          pageOptionsOf(query),
        ),
    }),
    route({
      method: 'get',
      path: '/v1/snapshots/:id',
      summary: 'A snapshot',
      tags: ['snapshots'],
      params: idParams,
      query: readQuery,
      responses,
      handler: async ({ params, query, caller }) => ({
        status: 200,
        body: await getScoped(context, callerOf(caller), 'snapshots', params.id, query.minPosition),
      }),
    }),
    operation({
      kind: 'snapshots',
      method: 'delete',
      summary: 'Delete a snapshot (async)',
      run: (r, snapshotId) => deleteSnapshot(deps, r, { snapshotId }),
    }),
    operation({
      kind: 'snapshots',
      action: 'revert',
      summary: 'Revert a volume to a snapshot (async)',
      run: (r, snapshotId) => revertSnapshot(deps, r, { snapshotId }),
    }),
    operation({
      kind: 'snapshots',
      action: 'template',
      summary: 'Create a template from a backed-up snapshot (async)',
      tags: ['templates'],
      body: templateBody,
      run: (r, snapshotId, b) => createTemplate(deps, r, defined({ ...b, snapshotId })),
      madeId: (submitted) => submitted.templateId,
    }),
    // ---- snapshot policies ----
    route({
      method: 'post',
      path: '/v1/snapshot-policies',
      summary: 'Create (or replace, per interval) a recurring snapshot policy of a volume (sync)',
      tags: ['snapshot policies'],
      body: z.strictObject({ volumeId: uuid, intervalType: z.enum(intervalTypes), ...policyFields }),
      responses,
      handler: async ({ body, caller, ctx }) => {
        const { policy, position } = await hidingForeign('volumes', body.volumeId, () =>
          createSnapshotPolicy(deps, requestOf(caller, ctx), defined(body)),
        );
        return { status: 201, body: { ...policy, id: policy.policyId }, position };
      },
    }),
    route({
      method: 'get',
      path: '/v1/snapshot-policies',
      summary: "A volume's snapshot policies (?volumeId=), or every policy in your scope",
      tags: ['snapshot policies'],
      query: queryOf({
        volumeId: uuid.optional(),
        accountId: uuid.optional(),
        domainId: uuid.optional(),
        isRecursive: z.stringbool().optional(),
        intervalType: z.enum(intervalTypes).optional(),
        ...pageQuery,
      }),
      responses,
      handler: async ({ query, caller, ctx }) => {
        if (query.volumeId !== undefined) {
          const volumeId = query.volumeId;
          const policies = await hidingForeign('volumes', volumeId, () =>
            listSnapshotPolicies(deps, requestOf(caller, ctx), { volumeId }),
          );
          const items = policies
            .filter((p) => query.intervalType === undefined || p.intervalType === query.intervalType)
            .map((p) => ({ ...p, id: p.policyId }));
          return { status: 200, body: { items, total: items.length, nextCursor: null } };
        }
        return listScoped(
          context,
          callerOf(caller),
          'snapshotPolicies',
          defined({ ...ownership(query), type: query.intervalType }),
          pageOptionsOf(query),
        );
      },
    }),
    operation({
      kind: 'snapshotPolicies',
      method: 'put',
      summary: 'Update a snapshot policy (sync)',
      tags: ['snapshot policies'],
      body: z.strictObject({
        schedule: policyFields.schedule.optional(),
        timezone: policyFields.timezone.optional(),
        maxSnaps: policyFields.maxSnaps.optional(),
        forDisplay: z.boolean().optional(),
      }),
      run: (r, policyId, b) => updateSnapshotPolicy(deps, r, defined({ policyId, ...b })),
      answer: ({ policy }) => ({ ...policy, id: policy.policyId }),
    }),
    operation({
      kind: 'snapshotPolicies',
      method: 'delete',
      summary: 'Delete a snapshot policy (sync; its snapshots are kept)',
      tags: ['snapshot policies'],
      run: (r, policyId) => deleteSnapshotPolicies(deps, r, { ids: [policyId] }),
    }),
  ];
};
