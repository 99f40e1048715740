import type { Command } from '../../shared/index.ts';

export type AddCredit = Command<
  'AddCredit',
  {
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly creditId: string;
    /** In currency units, at most six decimals; negative takes money back. */
    readonly amount: number;
    readonly currency: string;
    readonly note: string;
    readonly addedBy: string;
    readonly now: string;
  }
>;

export type CreditCommand = AddCredit;
