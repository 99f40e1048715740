import type { RecordedEvent } from '../../adapters/eventstore/port.ts';
import { creditEventSchemas } from '../../domain/usage/credit/index.ts';
import { readModel } from '../readModels/support.ts';

type CreditData = { accountId: string; creditId: string };

/** usage_credits: one row per credit added to an account (quotaCredits). */
export const usageCredits = readModel({
  name: 'usage_credits',
  version: 1,
  eventTypes: Object.keys(creditEventSchemas),
  columns: `account_id text NOT NULL, tenant_domain_id text NOT NULL, credit_id text NOT NULL,
    amount numeric NOT NULL, currency text NOT NULL, note text NOT NULL, added_by text NOT NULL,
    added_at timestamptz NOT NULL`,
  indexes: ['(account_id, added_at)'],
  rowsOf: (event: RecordedEvent) => {
    const d = event.data as CreditData;
    return [`${d.accountId}:${d.creditId}`];
  },
  evolve: (row, event: RecordedEvent) => {
    if (row) return row;
    const d = event.data as CreditData & {
      tenantDomainId: string;
      amount: number;
      currency: string;
      note: string;
      addedBy: string;
    };
    return {
      account_id: d.accountId,
      tenant_domain_id: d.tenantDomainId,
      credit_id: d.creditId,
      amount: d.amount,
      currency: d.currency,
      note: d.note,
      added_by: d.addedBy,
      added_at: event.createdAt.toISOString(),
    };
  },
});
