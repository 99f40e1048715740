import type { Decider } from '../../shared/index.ts';
import type { UserCommand } from './user.commands.ts';
import { decide } from './user.decide.ts';
import type { UserEvent } from './user.events.ts';
import { evolve, initialState, type UserState } from './user.state.ts';

export const userCategory = 'user';

export const decider: Decider<UserCommand, UserState, UserEvent> = { initialState, evolve, decide };
export const userDecider = decider;

export * from './user.commands.ts';
export * from './user.events.ts';
export type { User, UserState, UserStatus } from './user.state.ts';
