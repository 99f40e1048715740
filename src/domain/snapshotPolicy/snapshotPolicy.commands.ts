import type { HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { IntervalType } from './schedule.ts';

/**
 * Limits the command side reads from configuration and the account: `snapshot.max.hourly|daily|
 * weekly|monthly` (default 8; 0 disables the interval) and the account's effective snapshot limit
 * (null when unlimited or the caller is a root admin).
 */
export type MaxSnapsLimits = {
  readonly intervalMaxSnaps?: number;
  readonly accountSnapshotLimit?: number | null;
};

export type CreateSnapshotPolicy = Command<
  'CreateSnapshotPolicy',
  MaxSnapsLimits & {
    readonly policyId: string;
    readonly volumeId: string;
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly intervalType: IntervalType;
    readonly schedule: string;
    readonly timezone: string;
    readonly maxSnaps: number;
    readonly forDisplay?: boolean;
    /** Facts of the volume, read by the command side. */
    readonly volumeState: string;
    readonly hypervisor: HypervisorType;
    readonly now: string;
  }
>;

export type UpdateSnapshotPolicy = Command<
  'UpdateSnapshotPolicy',
  MaxSnapsLimits & {
    readonly policyId: string;
    readonly volumeId: string;
    readonly schedule?: string;
    readonly timezone?: string;
    readonly maxSnaps?: number;
    readonly forDisplay?: boolean;
    readonly now: string;
  }
>;

export type DeleteSnapshotPolicy = Command<
  'DeleteSnapshotPolicy',
  { readonly policyId: string; readonly volumeId: string }
>;

export type SnapshotPolicyCommand = CreateSnapshotPolicy | UpdateSnapshotPolicy | DeleteSnapshotPolicy;
