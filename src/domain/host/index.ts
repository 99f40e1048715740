import type { Decider } from '../shared/index.ts';
import type { HostCommand } from './host.commands.ts';
import { decide } from './host.decide.ts';
import type { HostEvent } from './host.events.ts';
import { evolve, type HostState, initialState } from './host.state.ts';

export const hostCategory = 'host';

export const hostDecider: Decider<HostCommand, HostState, HostEvent> = { initialState, evolve, decide };
export const decider = hostDecider;

export {
  type Reservation,
  type ReservationStatus,
  type Reservations,
  reservationStatuses,
} from '../infrastructure/index.ts';
export * from './host.commands.ts';
export * from './host.events.ts';
export * from './host.machines.ts';
export { type Host, type HostReservation, type HostState, load } from './host.state.ts';
