import { submitJob } from '../../../../commands/jobs/submitJob.ts';
import type { Workflows } from '../../../../commands/jobs/workflow.ts';
import {
  attachVolume,
  createVolume,
  deleteSnapshot,
  deleteVolume,
  detachVolume,
  takeSnapshot,
} from '../../../../commands/storage/index.ts';
import { snapshotOf, volumeOf } from '../entities.ts';
import { ownerFilters } from '../scope.ts';
import { type CommandSpec, listParams, p, scopeParams } from '../table.ts';
import { pagedList } from './lists.ts';
import { csv, filtersFrom, given } from './params.ts';
import { accountParam, async, req } from './shared.ts';

/** The job a createVolume without a VM answers with: the volume exists already, the job reports it. */
export const createVolumeJob = 'cloudstack.createVolume';

/**
 * The workflows of the CloudStack adapter's own jobs, for the node's JobExecutor. createVolume is
 * async in CloudStack (clients poll its job) but recorded at once in Skyledger; its job only
 * answers the volume.
 */
export const cloudStackWorkflows: Workflows = {
  [createVolumeJob]: async (tools) => ({ volumeId: (tools.job.params as { volumeId: string }).volumeId }),
};

const volumeId = p.req('id', 'uuid', 'the ID of the disk volume');

export const storageCommands: readonly CommandSpec[] = [
  {
    name: 'createVolume',
    description:
      'Creates a disk volume from a disk offering. This disk volume must still be attached to a virtual machine to make use of it.',
    isasync: true,
    entity: 'volume',
    params: [
      p.opt('name', 'string', 'the name of the disk volume'),
      p.opt('zoneid', 'uuid', 'the ID of the availability zone'),
      p.opt('diskofferingid', 'uuid', 'the ID of the disk offering'),
      p.opt('size', 'long', 'arbitrary volume size in GB (custom disk offerings)'),
      p.opt('snapshotid', 'uuid', 'the snapshot ID for the disk volume'),
      p.opt('virtualmachineid', 'uuid', 'the ID of the virtual machine to attach the volume to once created'),
      p.opt('account', 'string', 'the account associated with the disk volume; must be used with domainid'),
      p.opt('domainid', 'uuid', 'the domain ID associated with the disk offering'),
    ],
    run: async (call) => {
      const accountId = await accountParam(call);
      const size = call.int('size');
      const created = await createVolume(call.http.app.storage, req(call), {
        name: call.str('name') ?? `DATA-${call.ctx.commandId.slice(0, 8)}`,
        ...given(call, { zoneId: 'zoneid', diskOfferingId: 'diskofferingid' }),
        ...(size !== undefined ? { sizeGiB: size } : {}),
        ...given(call, { snapshotId: 'snapshotid' }),
        ...(accountId ? { accountId } : {}),
      });
      const vmId = call.str('virtualmachineid');
      const job = vmId
        ? await attachVolume(call.http.app.storage, req(call), { volumeId: created.volumeId, vmId })
        : await submitJob(
            call.http.app.bus,
            {
              command: createVolumeJob,
              resourceType: 'Volume',
              resourceId: created.volumeId,
              params: { volumeId: created.volumeId },
              accountId: accountId ?? call.caller.accountId,
            },
            call.ctx,
          );
      return async(job, created.volumeId);
    },
  },
  {
    name: 'attachVolume',
    description: 'Attaches a disk volume to a virtual machine.',
    isasync: true,
    entity: 'volume',
    params: [
      volumeId,
      p.req('virtualmachineid', 'uuid', 'the ID of the virtual machine'),
      p.opt('deviceid', 'long', 'the ID of the device to map the volume to'),
    ],
    run: async (call) => {
      const deviceId = call.int('deviceid');
      return async(
        await attachVolume(call.http.app.storage, req(call), {
          volumeId: call.need('id'),
          vmId: call.need('virtualmachineid'),
          ...(deviceId !== undefined ? { deviceId } : {}),
        }),
      );
    },
  },
  {
    name: 'detachVolume',
    description: 'Detaches a disk volume from a virtual machine.',
    isasync: true,
    entity: 'volume',
    params: [p.req('id', 'uuid', 'the ID of the disk volume')],
    run: async (call) =>
      async(await detachVolume(call.http.app.storage, req(call), { volumeId: call.need('id') })),
  },
  {
    name: 'deleteVolume',
    description: 'Deletes a detached disk volume.',
    isasync: false,
    params: [volumeId],
    run: async (call) => ({
      kind: 'success',
      position: (await deleteVolume(call.http.app.storage, req(call), { volumeId: call.need('id') }))
        .position,
    }),
  },
  {
    name: 'listVolumes',
    description: 'Lists all volumes.',
    isasync: false,
    entity: 'volume',
    params: [
      ...listParams,
      ...scopeParams,
      p.opt('id', 'uuid', 'the ID of the disk volume'),
      p.opt('ids', 'list', 'the IDs of the volumes'),
      p.opt('name', 'string', 'the name of the disk volume'),
      p.opt('type', 'string', 'the type of disk volume (ROOT or DATADISK)'),
      p.opt('virtualmachineid', 'uuid', 'the ID of the virtual machine'),
      p.opt('zoneid', 'uuid', 'the ID of the availability zone'),
      p.opt('state', 'string', 'state of the volume'),
    ],
    run: async (call) =>
      pagedList(
        call,
        'volume',
        'volumes',
        {
          ...(await ownerFilters(call)),
          ...filtersFrom(call, {
            id: 'id',
            ids: ['ids', csv],
            name: 'name',
            type: ['type', (type) => type.toUpperCase()],
            vmId: 'virtualmachineid',
            zoneId: 'zoneid',
            state: 'state',
          }),
        },
        volumeOf,
      ),
  },
  {
    name: 'createSnapshot',
    description: 'Creates an instant snapshot of a volume.',
    isasync: true,
    entity: 'snapshot',
    params: [
      p.req('volumeid', 'uuid', 'the ID of the disk volume'),
      p.opt('name', 'string', 'the name of the snapshot'),
    ],
    run: async (call) => {
      const out = await takeSnapshot(call.http.app.storage, req(call), {
        volumeId: call.need('volumeid'),
        ...given(call, { name: 'name' }),
      });
      return async(out, out.snapshotId);
    },
  },
  {
    name: 'deleteSnapshot',
    description: 'Deletes a snapshot of a disk volume.',
    isasync: true,
    params: [p.req('id', 'uuid', 'the ID of the snapshot')],
    run: async (call) =>
      async(await deleteSnapshot(call.http.app.storage, req(call), { snapshotId: call.need('id') })),
  },
  {
    name: 'listSnapshots',
    description: 'Lists all available snapshots for the account.',
    isasync: false,
    entity: 'snapshot',
    params: [
      ...listParams,
      ...scopeParams,
      p.opt('id', 'uuid', 'lists snapshot by snapshot ID'),
      p.opt('ids', 'list', 'the IDs of the snapshots'),
      p.opt('name', 'string', 'lists snapshot by snapshot name'),
      p.opt('volumeid', 'uuid', 'the ID of the disk volume'),
      p.opt('zoneid', 'uuid', 'list snapshots by zone id'),
    ],
    run: async (call) => {
      const volume = call.str('volumeid');
      return pagedList(
        call,
        'snapshot',
        'snapshots',
        {
          ...(await ownerFilters(call)),
          ...filtersFrom(call, { id: 'id', ids: ['ids', csv], name: 'name', zoneId: 'zoneid' }),
        },
        snapshotOf,
        volume ? (s) => s.volumeId === volume : undefined,
      );
    },
  },
];
