import type { Decider } from '../shared/index.ts';
import type { ZoneCommand } from './zone.commands.ts';
import { decide } from './zone.decide.ts';
import type { ZoneEvent } from './zone.events.ts';
import { evolve, initialState, type ZoneState } from './zone.state.ts';

export const zoneCategory = 'zone';

export const zoneDecider: Decider<ZoneCommand, ZoneState, ZoneEvent> = { initialState, evolve, decide };
export const decider = zoneDecider;

export * from './zone.commands.ts';
export * from './zone.events.ts';
export type { Zone, ZoneSettings, ZoneState } from './zone.state.ts';
