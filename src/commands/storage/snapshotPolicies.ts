import type { Position } from '../../adapters/eventstore/port.ts';
import { effectiveAccountLimit, UNLIMITED } from '../../domain/limits/index.ts';
import { notFound } from '../../domain/shared/index.ts';
import type { IntervalType, SnapshotPolicy } from '../../domain/snapshotPolicy/index.ts';
import { assertVolumeReady } from '../../domain/volume/index.ts';
import type { CommandBus } from '../commandBus.ts';
import { authorize } from './access.ts';
import { type Exec, syncExec } from './exec.ts';
import { attachedVm, loadVolume, volumeHypervisor } from './facts.ts';
import { allLookup, type StreamLookup } from './lookup.ts';
import { newId, type Requester, type StorageDeps } from './requests.ts';

/**
 * Snapshot policies (sync, as in CloudStack): one per (volume, interval type), kept on the volume's
 * `snapshotpolicy-<volumeId>` stream; creating again for an interval updates that policy.
 */

export type SnapshotPolicySettings = {
  /** `snapshot.max.hourly|daily|weekly|monthly` (default 8; 0 disables the interval). */
  readonly intervalMaxSnaps?: Partial<Record<IntervalType, number>>;
};

export type SnapshotPolicyDeps = StorageDeps & { readonly settings?: SnapshotPolicySettings };

/** The owner's effective snapshot limit, or null when unlimited or the caller is a root admin. */
const accountSnapshotLimit = async (
  bus: CommandBus,
  caller: Requester['caller'],
  accountId: string,
): Promise<number | null> => {
  if (caller.roleType === 'Admin') return null;
  const { state: account } = await bus.load('account', accountId);
  if (account.status === 'absent') return null;
  const { state: ledger } = await bus.load('quotaAccount', accountId);
  const limit = effectiveAccountLimit('snapshot', ledger.explicitLimits, account.type);
  return limit === UNLIMITED ? null : limit;
};

const policyResult = (
  state: { policies: Partial<Record<IntervalType, SnapshotPolicy>> },
  intervalType: IntervalType,
) => {
  const policy = state.policies[intervalType];
  if (!policy) throw new Error(`snapshot policy for ${intervalType} missing after it was saved`);
  return policy;
};

export type CreateSnapshotPolicyInput = {
  readonly volumeId: string;
  readonly intervalType: IntervalType;
  readonly schedule: string;
  readonly timezone: string;
  readonly maxSnaps: number;
  readonly forDisplay?: boolean;
  readonly policyId?: string;
};

export const createSnapshotPolicy = async (
  { bus, settings }: SnapshotPolicyDeps,
  { caller, ctx }: Requester,
  input: CreateSnapshotPolicyInput,
): Promise<{ policy: SnapshotPolicy; position: Position | null }> => {
  const volume = await loadVolume(bus, input.volumeId);
  await authorize(bus, caller, volume, `volume ${volume.volumeId}`);
  const hypervisor = await volumeHypervisor(bus, volume, await attachedVm(bus, volume));
  if (hypervisor === null) {
    assertVolumeReady(volume.volumeId, volume.status, 'a snapshot policy');
    throw new Error(`volume ${volume.volumeId} is ${volume.status} without a pool`);
  }
  const intervalMaxSnaps = settings?.intervalMaxSnaps?.[input.intervalType];
  const result = await syncExec(bus, ctx)('create', 'snapshotPolicy', volume.volumeId, {
    type: 'CreateSnapshotPolicy',
    data: {
      policyId: input.policyId ?? newId(ctx, 'snapshotpolicy'),
      volumeId: volume.volumeId,
      accountId: volume.accountId,
      tenantDomainId: volume.tenantDomainId,
      intervalType: input.intervalType,
      schedule: input.schedule,
      timezone: input.timezone,
      maxSnaps: input.maxSnaps,
      ...(input.forDisplay !== undefined ? { forDisplay: input.forDisplay } : {}),
      volumeState: volume.status,
      hypervisor,
      ...(intervalMaxSnaps !== undefined ? { intervalMaxSnaps } : {}),
      accountSnapshotLimit: await accountSnapshotLimit(bus, caller, volume.accountId),
      now: bus.now(),
    },
  });
  return { policy: policyResult(result.state, input.intervalType), position: result.position };
};

/** The volume a policy belongs to, from its creation event (policy ids alone don't name the stream). */
export const volumeOfPolicy = async (lookup: StreamLookup, policyId: string): Promise<string> => {
  const [volumeId] = await lookup.ids(['SnapshotPolicyCreated'], 'volumeId', {
    field: 'policyId',
    value: policyId,
  });
  if (volumeId === undefined)
    throw notFound('SNAPSHOT_POLICY_NOT_FOUND', `Snapshot policy ${policyId} does not exist`, { policyId });
  return volumeId;
};

export type UpdateSnapshotPolicyInput = {
  readonly policyId: string;
  /** Saves a look-up when known. */
  readonly volumeId?: string;
  readonly schedule?: string;
  readonly timezone?: string;
  readonly maxSnaps?: number;
  readonly forDisplay?: boolean;
};

export const updateSnapshotPolicy = async (
  { bus, lookup, settings }: SnapshotPolicyDeps,
  { caller, ctx }: Requester,
  input: UpdateSnapshotPolicyInput,
): Promise<{ policy: SnapshotPolicy; position: Position | null }> => {
  const volumeId = input.volumeId ?? (await volumeOfPolicy(lookup ?? allLookup(bus.store), input.policyId));
  const volume = await loadVolume(bus, volumeId);
  await authorize(bus, caller, volume, `volume ${volumeId}`);
  const { state } = await bus.load('snapshotPolicy', volumeId);
  const current = Object.values(state.policies).find((p) => p.policyId === input.policyId);
  const intervalMaxSnaps = current ? settings?.intervalMaxSnaps?.[current.intervalType] : undefined;
  const result = await syncExec(bus, ctx)('update', 'snapshotPolicy', volumeId, {
    type: 'UpdateSnapshotPolicy',
    data: {
      policyId: input.policyId,
      volumeId,
      ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
      ...(input.maxSnaps !== undefined ? { maxSnaps: input.maxSnaps } : {}),
      ...(input.forDisplay !== undefined ? { forDisplay: input.forDisplay } : {}),
      ...(intervalMaxSnaps !== undefined ? { intervalMaxSnaps } : {}),
      accountSnapshotLimit: await accountSnapshotLimit(bus, caller, volume.accountId),
      now: bus.now(),
    },
  });
  const policy = Object.values(result.state.policies).find((p) => p.policyId === input.policyId);
  if (!policy) throw new Error(`snapshot policy ${input.policyId} missing after it was saved`);
  return { policy, position: result.position };
};

/** deleteSnapshotPolicies: each id in turn; the snapshots the policies took are kept. */
export const deleteSnapshotPolicies = async (
  { bus, lookup }: StorageDeps,
  { caller, ctx }: Requester,
  input: { readonly ids: readonly string[]; readonly volumeId?: string },
): Promise<{ position: Position | null }> => {
  let position: Position | null = null;
  for (const policyId of input.ids) {
    const volumeId = input.volumeId ?? (await volumeOfPolicy(lookup ?? allLookup(bus.store), policyId));
    const volume = await loadVolume(bus, volumeId);
    await authorize(bus, caller, volume, `volume ${volumeId}`);
    const result = await deletePolicy(syncExec(bus, ctx), volumeId, policyId);
    position = result.position ?? position;
  }
  return { position };
};

const deletePolicy = (exec: Exec, volumeId: string, policyId: string) =>
  exec(`delete:${policyId}`, 'snapshotPolicy', volumeId, {
    type: 'DeleteSnapshotPolicy',
    data: { policyId, volumeId },
  });

/** Deletes every snapshot policy of a volume, whatever became of the volume: none of them fires again. */
export const deleteVolumePolicies = async (exec: Exec, bus: CommandBus, volumeId: string): Promise<void> => {
  const { state } = await bus.load('snapshotPolicy', volumeId);
  for (const policy of Object.values(state.policies))
    if (policy) await deletePolicy(exec, volumeId, policy.policyId);
};

/** listSnapshotPolicies by volume, from the volume's own policy stream. */
export const listSnapshotPolicies = async (
  { bus }: StorageDeps,
  { caller }: Requester,
  input: { readonly volumeId: string },
): Promise<SnapshotPolicy[]> => {
  const volume = await loadVolume(bus, input.volumeId);
  await authorize(bus, caller, volume, `volume ${volume.volumeId}`);
  const { state } = await bus.load('snapshotPolicy', volume.volumeId);
  return Object.values(state.policies).filter((p): p is SnapshotPolicy => p !== undefined);
};
