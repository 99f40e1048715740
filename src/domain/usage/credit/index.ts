import type { Decider } from '../../shared/index.ts';
import type { CreditCommand } from './credit.commands.ts';
import { decide } from './credit.decide.ts';
import type { CreditEvent } from './credit.events.ts';
import { type CreditState, evolve, initialState } from './credit.state.ts';

/** Stream `usagecredit-<accountId>`: one writer per account's quota credits. */
export const creditCategory = 'usagecredit';

export const creditDecider: Decider<CreditCommand, CreditState, CreditEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = creditDecider;

export * from './credit.commands.ts';
export * from './credit.events.ts';
export type { CreditAccount, CreditState } from './credit.state.ts';
