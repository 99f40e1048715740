import type { Decider } from '../../shared/index.ts';
import type { AccountCommand } from './account.commands.ts';
import { decide } from './account.decide.ts';
import type { AccountEvent } from './account.events.ts';
import { type AccountState, evolve, initialState } from './account.state.ts';

export const accountCategory = 'account';

export const decider: Decider<AccountCommand, AccountState, AccountEvent> = { initialState, evolve, decide };
export const accountDecider = decider;

export * from './account.commands.ts';
export * from './account.events.ts';
export type { Account, AccountState, AccountStatus } from './account.state.ts';
