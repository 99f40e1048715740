import { perResourceType, type ResourceAmounts, type ResourceLimits } from '../resourceTypes.ts';
import type { QuotaEvent } from './quota.events.ts';

export type Reservation = {
  readonly status: 'reserved' | 'committed';
  readonly resources: ResourceAmounts;
  readonly expiresAt: string;
};

/**
 * One account's or tenant domain's quota ledger. Invariant kept by decide: for every type with a
 * finite limit, a reservation is accepted only if count + reserved + requested ≤ limit.
 */
export type QuotaLedgerState = {
  /** Limits recorded by LimitSet (API units). */
  readonly explicitLimits: ResourceAmounts;
  /** Committed usage per type, base units. */
  readonly count: ResourceLimits;
  /** Pending reservations per type, base units. */
  readonly reserved: ResourceLimits;
  /** Open reservations: pending, or committed (kept so they can be released by id). */
  readonly reservations: Readonly<Record<string, Reservation>>;
  /** Reservation ids already released or expired: a repeated command for them does nothing. */
  readonly closed: Readonly<Record<string, 'released' | 'expired'>>;
};

const zero = perResourceType(() => 0);

export const initialState = (): QuotaLedgerState => ({
  explicitLimits: {},
  count: zero,
  reserved: zero,
  reservations: {},
  closed: {},
});

const plus = (totals: ResourceLimits, amounts: ResourceAmounts, sign: 1 | -1): ResourceLimits =>
  perResourceType((type) => totals[type] + sign * (amounts[type] ?? 0));

const withoutReservation = (
  reservations: QuotaLedgerState['reservations'],
  reservationId: string,
): QuotaLedgerState['reservations'] => {
  const { [reservationId]: _closed, ...open } = reservations;
  return open;
};

const close = (
  state: QuotaLedgerState,
  reservationId: string,
  how: 'released' | 'expired',
): Pick<QuotaLedgerState, 'reservations' | 'closed'> => ({
  reservations: withoutReservation(state.reservations, reservationId),
  closed: { ...state.closed, [reservationId]: how },
});

export const evolve = (state: QuotaLedgerState, event: QuotaEvent): QuotaLedgerState => {
  switch (event.type) {
    case 'LimitSet':
      return { ...state, explicitLimits: { ...state.explicitLimits, [event.data.type]: event.data.max } };
    case 'QuotaReserved': {
      const { reservationId, resources, expiresAt } = event.data;
      return {
        ...state,
        reserved: plus(state.reserved, resources, 1),
        reservations: {
          ...state.reservations,
          [reservationId]: { status: 'reserved', resources, expiresAt },
        },
      };
    }
    case 'QuotaCommitted': {
      const { reservationId, resources } = event.data;
      const reservation = state.reservations[reservationId];
      if (reservation === undefined) return state;
      return {
        ...state,
        reserved: plus(state.reserved, resources, -1),
        count: plus(state.count, resources, 1),
        reservations: { ...state.reservations, [reservationId]: { ...reservation, status: 'committed' } },
      };
    }
    case 'QuotaReleased': {
      const { reservationId, resources, from } = event.data;
      return from === 'reserved'
        ? {
            ...state,
            reserved: plus(state.reserved, resources, -1),
            ...close(state, reservationId, 'released'),
          }
        : { ...state, count: plus(state.count, resources, -1), ...close(state, reservationId, 'released') };
    }
    case 'QuotaReservationExpired': {
      const { reservationId, resources } = event.data;
      return {
        ...state,
        reserved: plus(state.reserved, resources, -1),
        ...close(state, reservationId, 'expired'),
      };
    }
    default:
      return state;
  }
};
