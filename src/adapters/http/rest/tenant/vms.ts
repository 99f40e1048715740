import { z } from 'zod';
import type { HttpContext } from '../../../../app/http.ts';
import {
  changeServiceOffering,
  deployVm,
  destroyVm,
  expungeVirtualMachine,
  migrateVm,
  rebootVm,
  recoverVm,
  restoreVm,
  scaleVm,
  startVm,
  stopVm,
} from '../../../../commands/vm/index.ts';
import { hypervisorTypes } from '../../../../domain/hypervisor/index.ts';
import { forbidden } from '../../../../domain/shared/index.ts';
import { vmStatuses } from '../../../../domain/vm/index.ts';
import { stateAsOf, timeline } from '../../../../projections/history.ts';
import type { Item } from '../../../../projections/queries/index.ts';
import { type Route, route } from '../../route.ts';
import {
  accepted,
  callerOf,
  defined,
  getScoped,
  hidingForeign,
  idParams,
  isRootAdmin,
  listScoped,
  operation,
  pageOptionsOf,
  pageQuery,
  problemResponses,
  queryOf,
  readQuery,
  uuid,
} from './shared.ts';

/** Physical placement is infrastructure: only root admins see which pod, cluster and host a VM is on. */
const infrastructureFields = ['podId', 'clusterId', 'hostId', 'lastHostId', 'migrationTargetHostId'];

const presenterFor =
  (rootAdmin: boolean) =>
  (item: Item): Item =>
    rootAdmin
      ? item
      : (Object.fromEntries(Object.entries(item).filter(([k]) => !infrastructureFields.includes(k))) as Item);

const size = z
  .strictObject({
    cpuNumber: z.number().int().positive().max(1024).optional(),
    cpuSpeedMhz: z.number().int().positive().max(1_000_000).optional(),
    memoryMiB: z
      .number()
      .int()
      .positive()
      .max(1 << 30)
      .optional(),
  })
  .optional();

const name = z.string().min(1).max(255);

const deployBody = z.strictObject({
  zoneId: uuid,
  serviceOfferingId: uuid,
  templateId: uuid.optional(),
  isoId: uuid.optional(),
  hypervisor: z.enum(hypervisorTypes).optional(),
  name: name
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'letters, digits and hyphens')
    .max(63)
    .optional(),
  displayName: name.optional(),
  accountId: uuid.optional(),
  size,
  rootDiskSizeBytes: z.number().int().positive().optional(),
  group: name.optional(),
  haEnabled: z.boolean().optional(),
  dynamicScalingEnabled: z.boolean().optional(),
  startVm: z.boolean().optional(),
  hostId: uuid.optional(),
});

const listQuery = queryOf({
  state: z.enum(vmStatuses).optional(),
  zoneId: uuid.optional(),
  accountId: uuid.optional(),
  domainId: uuid.optional(),
  isRecursive: z.stringbool().optional(),
  keyword: z.string().min(1).max(255).optional(),
  name: name.optional(),
  hostId: uuid.optional(),
  includeRemoved: z.stringbool().optional(),
  ...pageQuery,
});

const changeBody = z.strictObject({ serviceOfferingId: uuid, size });

const vmResponses = { ...problemResponses, 202: { description: 'Accepted: the job runs it' } };

/** An async VM operation on /v1/vms/{id}/<action>. */
/** `POST /v1/vms/:id/<verb>`: one VM operation. */
const vmOperation = <B extends z.ZodObject, O extends { position: string | null; jobId?: string }>(
  verb: string,
  summary: string,
  body: B,
  run: Parameters<typeof operation<B, O>>[0]['run'],
): Route => operation({ kind: 'vms', action: verb, summary, body, run });

export const vmRoutes = (context: HttpContext): Route[] => {
  const deps = context.app.vm;
  return [
    route({
      method: 'post',
      path: '/v1/vms',
      summary: 'Deploy a VM (async)',
      tags: ['vms'],
      body: deployBody,
      responses: vmResponses,
      handler: async ({ body, caller, ctx }) => {
        const request = { caller: callerOf(caller), ctx };
        const submitted = await hidingForeign('accounts', body.accountId ?? '', () =>
          deployVm(deps, request, defined(body)),
        );
        return accepted(submitted, submitted.vmId);
      },
    }),
    route({
      method: 'get',
      path: '/v1/vms',
      summary: 'List VMs in your scope',
      tags: ['vms'],
      query: listQuery,
      responses: { 200: { description: '{items, total, nextCursor}' }, ...problemResponses },
      handler: async ({ query, caller }) => {
        const who = callerOf(caller);
        if (query.hostId !== undefined && !isRootAdmin(who))
          throw forbidden('FILTER_ADMIN_ONLY', 'Only a root admin can list VMs by host', {});
        return listScoped(
          context,
          who,
          'vms',
          defined({
            state: query.state,
            zoneId: query.zoneId,
            accountId: query.accountId,
            tenantDomainId: query.domainId,
            isRecursive: query.domainId !== undefined ? (query.isRecursive ?? true) : undefined,
            keyword: query.keyword,
            name: query.name,
            hostId: query.hostId,
            includeRemoved: query.includeRemoved,
          }),
          pageOptionsOf(query),
          presenterFor(isRootAdmin(who)),
        );
      },
    }),
    route({
      method: 'get',
      path: '/v1/vms/:id',
      summary: 'A VM',
      tags: ['vms'],
      params: idParams,
      query: readQuery,
      responses: { 200: { description: 'The VM' }, ...problemResponses },
      handler: async ({ params, query, caller }) => {
        const who = callerOf(caller);
        const item = await getScoped(context, who, 'vms', params.id, query.minPosition);
        return { status: 200, body: presenterFor(isRootAdmin(who))(item) };
      },
    }),
    vmOperation('start', 'Start a VM (async)', z.strictObject({ hostId: uuid.optional() }), (r, vmId, b) =>
      startVm(deps, r, defined({ vmId, hostId: b.hostId })),
    ),
    vmOperation(
      'stop',
      'Stop a VM (async)',
      z.strictObject({ forced: z.boolean().optional() }),
      (r, vmId, b) => stopVm(deps, r, defined({ vmId, forced: b.forced })),
    ),
    vmOperation('reboot', 'Reboot a VM (async)', z.strictObject({}), (r, vmId) =>
      rebootVm(deps, r, { vmId }),
    ),
    vmOperation(
      'restore',
      'Restore a VM to its template or another (async)',
      z.strictObject({ templateId: uuid.optional() }),
      (r, vmId, b) => restoreVm(deps, r, defined({ vmId, templateId: b.templateId })),
    ),
    vmOperation(
      'migrate',
      'Migrate a running VM to another host (async, root admin)',
      z.strictObject({ hostId: uuid.optional() }),
      (r, vmId, b) => migrateVm(deps, r, defined({ vmId, hostId: b.hostId })),
    ),
    vmOperation('scale', 'Scale a running VM (async)', changeBody, (r, vmId, b) =>
      scaleVm(deps, r, defined({ vmId, serviceOfferingId: b.serviceOfferingId, size: b.size })),
    ),
    vmOperation('expunge', 'Expunge a destroyed VM (async)', z.strictObject({}), (r, vmId) =>
      expungeVirtualMachine(deps, r, { vmId }),
    ),
    vmOperation('recover', 'Recover a destroyed VM (sync)', z.strictObject({}), (r, vmId) =>
      recoverVm(deps, r, { vmId }),
    ),
    operation({
      kind: 'vms',
      method: 'put',
      action: 'offering',
      summary: 'Change the service offering of a stopped VM (sync)',
      body: changeBody,
      run: (r, vmId, b) =>
        changeServiceOffering(
          deps,
          r,
          defined({ vmId, serviceOfferingId: b.serviceOfferingId, size: b.size }),
        ),
    }),
    route({
      method: 'delete',
      path: '/v1/vms/:id',
      summary: 'Destroy a VM, optionally expunging it and deleting data volumes (async)',
      tags: ['vms'],
      params: idParams,
      query: queryOf({
        expunge: z.stringbool().optional(),
        volumeIds: z
          .string()
          .max(4000)
          .transform((s) => s.split(','))
          .pipe(z.array(uuid).max(100))
          .optional(),
      }),
      responses: vmResponses,
      handler: async ({ params, query, caller, ctx }) => {
        const submitted = await hidingForeign('vms', params.id, () =>
          destroyVm(
            deps,
            { caller: callerOf(caller), ctx },
            defined({ vmId: params.id, expunge: query.expunge, volumeIds: query.volumeIds }),
          ),
        );
        return accepted(submitted, params.id);
      },
    }),
    route({
      method: 'get',
      path: '/v1/vms/:id/metrics',
      summary: "A VM's CPU, network and disk use (as listVirtualMachinesMetrics)",
      tags: ['vms'],
      params: idParams,
      query: readQuery,
      responses: { 200: { description: 'The metrics' }, ...problemResponses },
      handler: async ({ params, query, caller }) => {
        const vm = await getScoped(context, callerOf(caller), 'vms', params.id, query.minPosition);
        const stats = context.app.driver.vmStats(params.id);
        const cpuMhz = Number(vm.cpuNumber) * Number(vm.cpuSpeedMhz);
        return {
          status: 200,
          body: {
            id: vm.id,
            name: vm.name,
            state: vm.state,
            cpuNumber: vm.cpuNumber,
            cpuSpeedMhz: vm.cpuSpeedMhz,
            memoryMiB: vm.memoryMiB,
            cpuTotalMhz: cpuMhz,
            // Stats exist only while the VM runs on a host; a stopped VM uses nothing.
            cpuUsedPercent: stats?.cpuUsedPercent ?? 0,
            cpuUsedMhz: stats ? Math.round((stats.cpuUsedPercent / 100) * cpuMhz) : 0,
            memoryUsedMiB: stats?.memoryUsedMiB ?? 0,
            networkReadKiB: stats ? stats.networkReadBytes / 1024 : 0,
            networkWriteKiB: stats ? stats.networkWriteBytes / 1024 : 0,
            diskReadKiB: stats ? stats.diskReadBytes / 1024 : 0,
            diskWriteKiB: stats ? stats.diskWriteBytes / 1024 : 0,
            diskIopsRead: stats?.diskReadIops ?? 0,
            diskIopsWrite: stats?.diskWriteIops ?? 0,
            diskIopsTotal: stats ? stats.diskReadIops + stats.diskWriteIops : 0,
            sampledAt: stats ? stats.sampledAt.toISOString() : null,
          },
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/vms/:id/history',
      summary: "A VM's timeline, or its state as of an instant (?asOf=)",
      tags: ['vms'],
      params: idParams,
      query: queryOf({
        asOf: z.iso.datetime({ offset: true }).optional(),
        minPosition: pageQuery.minPosition,
        limit: z.coerce.number().int().min(1).max(10_000).optional(),
      }),
      responses: { 200: { description: 'The timeline or the state then' }, ...problemResponses },
      handler: async ({ params, query, caller }) => {
        await getScoped(context, callerOf(caller), 'vms', params.id, query.minPosition);
        if (query.asOf !== undefined) {
          const then = await stateAsOf(context.app.store, 'vm', params.id, query.asOf);
          return {
            status: 200,
            body: {
              id: params.id,
              asOf: new Date(query.asOf).toISOString(),
              state: then.state,
              revision: then.revision === null ? null : Number(then.revision),
              at: then.at?.toISOString() ?? null,
              events: then.events,
            },
          };
        }
        const entries = await timeline(context.app.pool, params.id, defined({ limit: query.limit }));
        return { status: 200, body: { id: params.id, items: entries } };
      },
    }),
  ];
};
