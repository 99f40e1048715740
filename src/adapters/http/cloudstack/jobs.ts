import { queries } from '../../../projections/queries/index.ts';
import type { Position } from '../../eventstore/port.ts';
import { type Names, snapshotOf, virtualMachineOf, volumeOf } from './entities.ts';
import { CsError, compact, csDate } from './protocol.ts';
import { canSee } from './scope.ts';
import type { Call } from './table.ts';

/**
 * Skyledger jobs as CloudStack async jobs (cloudstack-api.md §4.2): integer jobstatus, the API
 * command each job runs for, and the result nested under the entity's object name.
 */

type Entity = 'virtualmachine' | 'volume' | 'snapshot' | 'success';
const jobKinds: Readonly<Record<string, { api: string; instance: string; entity: Entity }>> = {
  DeployVm: { api: 'deployVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  StartVm: { api: 'startVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  StopVm: { api: 'stopVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  RebootVm: { api: 'rebootVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  DestroyVm: { api: 'destroyVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  ExpungeVm: { api: 'expungeVirtualMachine', instance: 'VirtualMachine', entity: 'success' },
  RestoreVm: { api: 'restoreVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  MigrateVm: { api: 'migrateVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  ScaleVm: { api: 'scaleVirtualMachine', instance: 'VirtualMachine', entity: 'virtualmachine' },
  attachVolume: { api: 'attachVolume', instance: 'Volume', entity: 'volume' },
  detachVolume: { api: 'detachVolume', instance: 'Volume', entity: 'volume' },
  resizeVolume: { api: 'resizeVolume', instance: 'Volume', entity: 'volume' },
  expungeVolume: { api: 'expungeVolume', instance: 'Volume', entity: 'success' },
  createSnapshot: { api: 'createSnapshot', instance: 'Snapshot', entity: 'snapshot' },
  deleteSnapshot: { api: 'deleteSnapshot', instance: 'Snapshot', entity: 'success' },
  revertSnapshot: { api: 'revertSnapshot', instance: 'Snapshot', entity: 'snapshot' },
};

const statusOf = { pending: 0, succeeded: 1, failed: 2 } as const;

type JobRow = Record<string, unknown> & { id: string };

/** The id of the entity a job's result shows. */
const entityIdOf = (job: JobRow, entity: Entity): string | undefined => {
  const params = (job.params ?? {}) as Record<string, unknown>;
  const result = (job.result ?? {}) as Record<string, unknown>;
  if (entity === 'volume') return (params.volumeId ?? result.volumeId) as string | undefined;
  if (entity === 'snapshot') return (params.snapshotId ?? result.snapshotId) as string | undefined;
  return job.resourceId as string;
};

/** The $all position at which the jobs read model recorded the job's latest state. */
export const jobPosition = async (call: Call, jobId: string): Promise<Position | undefined> => {
  const { rows } = await call.http.app.pool.query<{ position: string }>(
    'SELECT position FROM jobs WHERE id = $1',
    [jobId],
  );
  return rows[0]?.position;
};

const resultOf = async (call: Call, names: Names, job: JobRow, entity: Entity) => {
  if (job.state === 'failed')
    return { errorcode: job.errorCode ?? 530, errortext: job.errorText ?? 'failed' };
  if (entity === 'success') return { success: true };
  const id = entityIdOf(job, entity);
  // The entity views must have applied the job's completion before its result is rendered.
  const position = await jobPosition(call, job.id);
  const q = queries(call.http.app.pool);
  const options = position ? { minPosition: position, timeoutMs: 10_000 } : {};
  if (entity === 'virtualmachine') {
    const vm = id ? await q.vms.get(id, options) : null;
    return vm ? { virtualmachine: await virtualMachineOf(names, vm) } : { success: true };
  }
  if (entity === 'volume') {
    const v = id ? await q.volumes.get(id, options) : null;
    return v ? { volume: await volumeOf(names, v) } : { success: true };
  }
  const s = id ? await q.snapshots.get(id, options) : null;
  return s ? { snapshot: await snapshotOf(names, s) } : { success: true };
};

export const asyncJobOf = async (call: Call, names: Names, job: JobRow) => {
  const kind = jobKinds[job.command as string] ?? {
    api: job.command as string,
    instance: job.resourceType as string,
    entity: 'success' as const,
  };
  const done = job.state !== 'pending';
  return compact({
    jobid: job.id,
    accountid: job.accountId,
    account: await names.name('accounts', job.accountId),
    userid: job.userId,
    domainid: job.tenantDomainId,
    cmd: `org.apache.cloudstack.api.command.user.${kind.api}`,
    jobstatus: statusOf[job.state as keyof typeof statusOf] ?? 0,
    jobprocstatus: 0,
    jobresultcode: job.state === 'failed' ? ((job.errorCode as number | null) ?? 530) : 0,
    jobresulttype: done ? 'object' : undefined,
    jobresult: done ? await resultOf(call, names, job, kind.entity) : undefined,
    jobinstancetype: kind.instance,
    jobinstanceid: entityIdOf(job, kind.entity === 'success' ? 'virtualmachine' : kind.entity),
    created: csDate(job.submittedAt ?? job.createdAt),
    completed: csDate(job.finishedAt),
  });
};

/** A job the caller may see, or 431 as CloudStack answers an unknown job id. */
export const visibleJob = async (call: Call, jobId: string): Promise<JobRow> => {
  const job = (await queries(call.http.app.pool).jobs.get(
    jobId,
    call.minPosition ? { minPosition: call.minPosition, timeoutMs: 10_000 } : {},
  )) as JobRow | null;
  if (!job || !(await canSee(call, job as unknown as { accountId: string; tenantDomainId: string })))
    throw new CsError(530, `Unable to find job by id ${jobId}`, 4250);
  return job;
};
