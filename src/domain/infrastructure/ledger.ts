import { assertPositiveInteger, conflict, invalid, notFound } from '../shared/index.ts';

/**
 * The reservation bookkeeping a capacity owner (a host for CPU/RAM, a storage pool for bytes) keeps
 * on its own stream, so it is the single writer of what it hands out (event-sourcing.md §4.5):
 *   Pending: reserved by a placement, released by the expiry sweep unless committed;
 *   Used:    committed, the VM or volume really sits there;
 *   Kept:    a stopped VM still counted on its last host until `expiresAt` (§8.1 "reserved").
 * Both ledgers decide with the functions below; each words its refusals through its LedgerOwner.
 */
export const reservationStatuses = ['Pending', 'Used', 'Kept'] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

export type Reservation = {
  readonly reservationId: string;
  /** The VM (host ledger) or volume (pool ledger) holding it. */
  readonly holderId: string;
  readonly status: ReservationStatus;
  /** When the sweep releases it; null once Used. */
  readonly expiresAt: string | null;
};

export type Reservations<R extends Reservation> = Readonly<Record<string, R>>;

/** What to release: one reservation, or everything a VM or volume holds. */
export type ReleaseTarget = { readonly reservationId: string } | { readonly holderId: string };

/** Milliseconds of an ISO-8601 instant; the code names the refusal of the calling ledger. */
export const instant = (value: string, field: string, code: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw invalid(code, `${field} must be an ISO-8601 instant such as 2025-01-01T00:00:00Z`, {
      field,
      value,
    });
  return ms;
};

/** A reservation window must end after it starts, or the sweep would release it at once. */
export const requireWindow = (now: string, until: string, untilField: string, code: string): void => {
  if (instant(until, untilField, code) <= instant(now, 'now', code))
    throw invalid(code, `${untilField} must be later than now`, { now, [untilField]: until });
};

export const requirePositiveIntegers = (fields: Readonly<Record<string, number>>, code: string): void => {
  for (const [field, value] of Object.entries(fields))
    assertPositiveInteger(code, field, value, {}, `${field} must be a positive whole number`);
};

/**
 * Idempotency of a reserve command: true when the same reservation is already held for the same
 * request (a retried command), false when the id is new; a clash on the id is a conflict.
 */
export const alreadyHeld = <R extends Reservation>(
  held: R | undefined,
  sameRequest: (held: R) => boolean,
  code: string,
): boolean => {
  if (held === undefined) return false;
  if (held.status !== 'Kept' && sameRequest(held)) return true;
  throw conflict(code, `Reservation ${held.reservationId} already exists for a different request`, {
    reservationId: held.reservationId,
    holderId: held.holderId,
    status: held.status,
  });
};

export const holdingsOf = <R extends Reservation>(reservations: Reservations<R>, holderId: string): R[] =>
  Object.values(reservations).filter((r) => r.holderId === holderId);

export const releaseTargets = <R extends Reservation>(
  reservations: Reservations<R>,
  target: ReleaseTarget,
): R[] => {
  if ('reservationId' in target) {
    const held = reservations[target.reservationId];
    return held === undefined ? [] : [held];
  }
  return holdingsOf(reservations, target.holderId);
};

/** Uncommitted and kept reservations whose window has closed by `now`. */
export const expiredBy = <R extends Reservation>(reservations: Reservations<R>, now: number): R[] =>
  Object.values(reservations).filter((r) => r.expiresAt !== null && Date.parse(r.expiresAt) <= now);

/** Who keeps the ledger, for its refusals: `HOST_RESERVATION_…` codes, "Host host-1", `{ hostId }`. */
export type LedgerOwner<R extends Reservation> = {
  readonly code: 'HOST' | 'POOL';
  /** The owner as messages name it: "Host host-1", "Storage pool primary-1". */
  readonly label: string;
  /** The owner's id, first in every refusal's details. */
  readonly ref: Readonly<Record<string, string>>;
  readonly reservations: Reservations<R>;
};

/** The window and id every reserve command carries. */
export type ReserveRequest = {
  readonly reservationId: string;
  readonly now: string;
  readonly expiresAt: string;
};

/**
 * The checks every reserve command starts with: true for a retry of a reservation already held (the
 * command records nothing), else the requested sizes and the window are valid for a new one.
 */
export const isRetriedReservation = <R extends Reservation>(
  owner: LedgerOwner<R>,
  request: ReserveRequest,
  sizes: Readonly<Record<string, number>>,
  sameRequest: (held: R) => boolean,
): boolean => {
  const held = owner.reservations[request.reservationId];
  if (alreadyHeld(held, sameRequest, `${owner.code}_RESERVATION_CONFLICT`)) return true;
  const invalidRequest = `${owner.code}_RESERVATION_INVALID`;
  requirePositiveIntegers(sizes, invalidRequest);
  requireWindow(request.now, request.expiresAt, 'expiresAt', invalidRequest);
  return false;
};

/** The reservation a commit confirms, or null when it is already Used (a retried commit). */
export const toCommit = <R extends Reservation>(owner: LedgerOwner<R>, reservationId: string): R | null => {
  const held = owner.reservations[reservationId];
  if (held === undefined)
    throw notFound(
      `${owner.code}_RESERVATION_NOT_FOUND`,
      `${owner.label} holds no reservation ${reservationId}; it may have expired`,
      { ...owner.ref, reservationId },
    );
  return held.status === 'Used' ? null : held;
};

/** What the expiry sweep releases at `now`. */
export const toExpire = <R extends Reservation>(owner: LedgerOwner<R>, now: string): R[] =>
  expiredBy(owner.reservations, instant(now, 'now', `${owner.code}_RESERVATION_INVALID`));

/**
 * evolve's side: an owner keeps running sums over its reservations; `tally` adds (1) or removes (-1)
 * one reservation's share of them.
 */
export type Tally<O, R extends Reservation> = (owner: O, r: R, sign: 1 | -1) => O;
type Keeper<R extends Reservation> = { readonly reservations: Reservations<R> };

export const withReservation = <R extends Reservation>(
  reservations: Reservations<R>,
  r: R,
): Reservations<R> => ({
  ...reservations,
  [r.reservationId]: r,
});

export const withoutReservation = <R extends Reservation>(
  reservations: Reservations<R>,
  reservationId: string,
): Reservations<R> => {
  const { [reservationId]: _released, ...rest } = reservations;
  return rest;
};

export const putReservation = <R extends Reservation, O extends Keeper<R>>(
  owner: O,
  r: NoInfer<R>,
  tally: Tally<O, R>,
): O => tally({ ...owner, reservations: withReservation(owner.reservations, r) }, r, 1);

export const dropReservation = <R extends Reservation, O extends Keeper<R>>(
  owner: O,
  reservationId: string,
  tally: Tally<O, R>,
): O => {
  const held = owner.reservations[reservationId];
  if (held === undefined) return owner;
  return tally({ ...owner, reservations: withoutReservation(owner.reservations, reservationId) }, held, -1);
};

/** A recorded reservation; a redelivered event for an id already held changes nothing. */
export const recordReservation = <R extends Reservation, O extends Keeper<R>>(
  owner: O,
  r: NoInfer<R>,
  tally: Tally<O, R>,
): O => (owner.reservations[r.reservationId] !== undefined ? owner : putReservation(owner, r, tally));
