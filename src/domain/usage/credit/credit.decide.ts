import { conflict, invalid } from '../../shared/index.ts';
import type { AddCredit, CreditCommand } from './credit.commands.ts';
import type { CreditEvent } from './credit.events.ts';
import type { CreditState } from './credit.state.ts';

const addCredit = ({ data: c }: AddCredit, state: CreditState): CreditEvent[] => {
  if (!Number.isFinite(c.amount) || c.amount === 0)
    throw invalid('CREDIT_AMOUNT_INVALID', 'A credit must be a non-zero finite amount.', {
      amount: c.amount,
    });
  if (Math.abs(c.amount * 1_000_000 - Math.round(c.amount * 1_000_000)) > 1e-6)
    throw invalid('CREDIT_AMOUNT_INVALID', 'A credit has at most six decimals.', { amount: c.amount });
  if (!/^[A-Z]{3}$/.test(c.currency))
    throw invalid(
      'CREDIT_CURRENCY_INVALID',
      'The currency must be a three-letter ISO 4217 code such as EUR.',
      {
        currency: c.currency,
      },
    );
  if (state?.creditIds.includes(c.creditId))
    throw conflict('CREDIT_EXISTS', `Credit ${c.creditId} has already been added.`, { creditId: c.creditId });
  return [
    {
      type: 'CreditAdded',
      data: {
        accountId: c.accountId,
        tenantDomainId: c.tenantDomainId,
        creditId: c.creditId,
        amount: c.amount,
        currency: c.currency,
        note: c.note,
        addedBy: c.addedBy,
        addedAt: c.now,
      },
    },
  ];
};

export const decide = (command: CreditCommand, state: CreditState): readonly CreditEvent[] => {
  switch (command.type) {
    case 'AddCredit':
      return addCredit(command, state);
    default: {
      const unknown: never = command.type;
      throw invalid('COMMAND_UNKNOWN', `unknown command ${String(unknown)}`);
    }
  }
};
