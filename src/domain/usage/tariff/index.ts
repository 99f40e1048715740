import type { Decider } from '../../shared/index.ts';
import type { TariffCommand } from './tariff.commands.ts';
import { decide } from './tariff.decide.ts';
import type { TariffEvent } from './tariff.events.ts';
import { evolve, initialState, type TariffState } from './tariff.state.ts';

/** Stream `tariff-<tariffId>`: one priced line of the quota plugin's tariff list, with its price history. */
export const tariffCategory = 'tariff';

export const tariffDecider: Decider<TariffCommand, TariffState, TariffEvent> = {
  initialState,
  evolve,
  decide,
};
export const decider = tariffDecider;

export * from './tariff.commands.ts';
export * from './tariff.events.ts';
export type { Tariff, TariffState, TariffVersion } from './tariff.state.ts';
