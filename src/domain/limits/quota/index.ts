import { type Decider, streamName } from '../../shared/index.ts';
import type { QuotaCommand, QuotaLedgerRef } from './quota.commands.ts';
import { decide } from './quota.decide.ts';
import type { QuotaEvent } from './quota.events.ts';
import { evolve, initialState, type QuotaLedgerState } from './quota.state.ts';

export const quotaAccountCategory = 'quota_account';
export const quotaDomainCategory = 'quota_domain';

/** `quota_account-<accountId>` or `quota_domain-<tenantDomainId>`. */
export const quotaStreamName = (ledger: QuotaLedgerRef): string =>
  streamName(ledger.scope === 'account' ? quotaAccountCategory : quotaDomainCategory, ledger.ownerId);

/** One decider for both categories: account and domain ledgers keep the same rules. */
export const decider: Decider<QuotaCommand, QuotaLedgerState, QuotaEvent> = { initialState, evolve, decide };
export const quotaDecider = decider;

export * from './quota.commands.ts';
export { quotaLedgerOfTarget } from './quota.decide.ts';
export * from './quota.events.ts';
export type { QuotaLedgerState, Reservation } from './quota.state.ts';
