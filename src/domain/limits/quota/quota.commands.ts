import type { Command } from '../../shared/index.ts';
import type { Caller } from '../../tenancy/roles.ts';
import type { LimitTarget } from '../limitUpdate.ts';
import type { ResourceAmounts, ResourceLimits, ResourceType } from '../resourceTypes.ts';

export type QuotaScope = 'account' | 'domain';

/** The ledger a command is for: stream `quota_account-<accountId>` or `quota_domain-<tenantDomainId>`. */
export type QuotaLedgerRef = { readonly scope: QuotaScope; readonly ownerId: string };

/** Records an explicit limit; the ledger is the target's (see quotaLedgerOfTarget). */
export type SetResourceLimit = Command<
  'SetResourceLimit',
  { target: LimitTarget; type: ResourceType; max: number; caller: Caller; now: string }
>;

/**
 * Holds `resources` (base units) until committed, released or expired. `limits` are this scope's
 * effective limits as the command side resolved them (effectiveAccountLimits / effectiveDomainLimits);
 * a limit recorded on this ledger by LimitSet overrides them, since the read model may lag it.
 */
export type ReserveQuota = Command<
  'ReserveQuota',
  {
    ledger: QuotaLedgerRef;
    reservationId: string;
    resources: ResourceAmounts;
    limits: ResourceLimits;
    now: string;
    expiresAt: string;
  }
>;

/** The reserved resources become counted usage (the VM was created, the volume allocated...). */
export type CommitQuota = Command<
  'CommitQuota',
  { ledger: QuotaLedgerRef; reservationId: string; now: string }
>;

/**
 * Gives back a reservation (pending or committed). With `resources` and a fresh reservationId it
 * releases counted usage that had no reservation of its own, e.g. when a VM is destroyed; the id
 * then makes the release idempotent.
 */
export type ReleaseQuota = Command<
  'ReleaseQuota',
  { ledger: QuotaLedgerRef; reservationId: string; resources?: ResourceAmounts; now: string }
>;

/** Sweeps pending reservations whose expiry has passed (run periodically by the command side). */
export type ExpireQuotaReservations = Command<
  'ExpireQuotaReservations',
  { ledger: QuotaLedgerRef; now: string }
>;

export type QuotaCommand =
  | SetResourceLimit
  | ReserveQuota
  | CommitQuota
  | ReleaseQuota
  | ExpireQuotaReservations;
