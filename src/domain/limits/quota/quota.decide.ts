import { conflict, illegalState, invalid, limitExceeded, notFound } from '../../shared/index.ts';
import { assertLimitUpdate, type LimitTarget } from '../limitUpdate.ts';
import { firstExcess } from '../resolution.ts';
import {
  describeAmount,
  limitUnit,
  perResourceType,
  type ResourceAmounts,
  type ResourceLimits,
  type ResourceType,
  resourceTypes,
} from '../resourceTypes.ts';
import type {
  CommitQuota,
  ExpireQuotaReservations,
  QuotaCommand,
  QuotaLedgerRef,
  ReleaseQuota,
  ReserveQuota,
  SetResourceLimit,
} from './quota.commands.ts';
import type { QuotaEvent } from './quota.events.ts';
import type { QuotaLedgerState, Reservation } from './quota.state.ts';

type Emit = readonly QuotaEvent[];

/** The ledger that records a target's explicit limits. */
export const quotaLedgerOfTarget = (target: LimitTarget): QuotaLedgerRef =>
  target.kind === 'account'
    ? { scope: 'account', ownerId: target.accountId }
    : { scope: 'domain', ownerId: target.tenantDomainId };

const ledgerFields = ({ scope, ownerId }: QuotaLedgerRef) => ({ scope, ownerId });

const instantOf = (field: string, iso: string): number => {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant))
    throw invalid('QUOTA_TIME_INVALID', `The ${field} "${iso}" is not an ISO-8601 time.`, { [field]: iso });
  return instant;
};

/** Only known resource types, whole non-negative amounts. */
const assertAmounts = (resources: ResourceAmounts): void => {
  for (const [type, amount] of Object.entries(resources)) {
    if (
      !(resourceTypes as readonly string[]).includes(type) ||
      !Number.isSafeInteger(amount) ||
      (amount ?? 0) < 0
    )
      throw invalid(
        'QUOTA_AMOUNT_INVALID',
        `The amount ${amount} of ${type} is not a whole, non-negative amount of a known resource.`,
        {
          type,
          amount,
        },
      );
  }
};

/** A limit recorded on this ledger wins over the resolved one: the read model that resolved it may lag. */
const effectiveLimits = (state: QuotaLedgerState, resolved: ResourceLimits): ResourceLimits =>
  perResourceType((type) => state.explicitLimits[type] ?? resolved[type]);

const isKnown = (state: QuotaLedgerState, reservationId: string): boolean =>
  reservationId in state.reservations || reservationId in state.closed;

const setResourceLimit = ({ data }: SetResourceLimit, state: QuotaLedgerState): Emit => {
  assertLimitUpdate(data);
  if (state.explicitLimits[data.type] === data.max) return [];
  return [
    {
      type: 'LimitSet',
      data: {
        ...ledgerFields(quotaLedgerOfTarget(data.target)),
        type: data.type,
        max: data.max,
        setAt: data.now,
      },
    },
  ];
};

const exceededMessage = (
  ledger: QuotaLedgerRef,
  type: ResourceType,
  limit: number,
  used: number,
  requested: number,
) =>
  `The ${ledger.scope} ${ledger.ownerId} may use at most ${limit} ${limitUnit[type]} of ${type}: ` +
  `${describeAmount(type, used)} are in use or reserved and ${describeAmount(type, requested)} more were requested.`;

const reserveQuota = ({ data }: ReserveQuota, state: QuotaLedgerState): Emit => {
  const { ledger, reservationId, resources, now, expiresAt } = data;
  if (isKnown(state, reservationId)) return [];
  assertAmounts(resources);
  if (instantOf('expiresAt', expiresAt) <= instantOf('now', now))
    throw invalid(
      'QUOTA_EXPIRY_INVALID',
      `A reservation must expire after it is made (${expiresAt} ≤ ${now}).`,
      {
        now,
        expiresAt,
      },
    );
  const used = perResourceType((type) => state.count[type] + state.reserved[type]);
  const excess = firstExcess(resources, effectiveLimits(state, data.limits), used);
  if (excess !== null)
    throw limitExceeded(
      'RESOURCE_LIMIT_EXCEEDED',
      exceededMessage(ledger, excess.type, excess.limit, excess.used, excess.requested),
      {
        ...ledgerFields(ledger),
        type: excess.type,
        limit: excess.limit,
        current: excess.used,
        requested: excess.requested,
      },
    );
  return [
    {
      type: 'QuotaReserved',
      data: { ...ledgerFields(ledger), reservationId, resources, reservedAt: now, expiresAt },
    },
  ];
};

const reservationClosed = (ledger: QuotaLedgerRef, reservationId: string, how: string) =>
  illegalState(
    'QUOTA_RESERVATION_CLOSED',
    `The reservation ${reservationId} was ${how}; reserve the resources again.`,
    {
      ...ledgerFields(ledger),
      reservationId,
      closed: how,
    },
  );

const reservationNotFound = (ledger: QuotaLedgerRef, reservationId: string) =>
  notFound(
    'QUOTA_RESERVATION_NOT_FOUND',
    `The ${ledger.scope} ${ledger.ownerId} holds no reservation ${reservationId}.`,
    {
      ...ledgerFields(ledger),
      reservationId,
    },
  );

const commitQuota = ({ data }: CommitQuota, state: QuotaLedgerState): Emit => {
  const { ledger, reservationId, now } = data;
  const closed = state.closed[reservationId];
  if (closed !== undefined) throw reservationClosed(ledger, reservationId, closed);
  const reservation = state.reservations[reservationId];
  if (reservation === undefined) throw reservationNotFound(ledger, reservationId);
  if (reservation.status === 'committed') return [];
  // Committing after expiresAt is still fine until the sweep has expired it: the resources are still held.
  return [
    {
      type: 'QuotaCommitted',
      data: { ...ledgerFields(ledger), reservationId, resources: reservation.resources, committedAt: now },
    },
  ];
};

/** Never below zero: usage counted before a reset or by older code must not make the count negative. */
const clampToCount = (state: QuotaLedgerState, resources: ResourceAmounts): ResourceAmounts =>
  Object.fromEntries(
    Object.entries(resources).map(([type, amount]) => [
      type,
      Math.min(amount ?? 0, state.count[type as ResourceType]),
    ]),
  );

const releaseEvent = (
  ledger: QuotaLedgerRef,
  reservationId: string,
  resources: ResourceAmounts,
  from: 'reserved' | 'count',
  now: string,
): QuotaEvent => ({
  type: 'QuotaReleased',
  data: { ...ledgerFields(ledger), reservationId, resources, from, releasedAt: now },
});

const releaseReservation = (
  state: QuotaLedgerState,
  ledger: QuotaLedgerRef,
  reservationId: string,
  reservation: Reservation,
  now: string,
): Emit =>
  reservation.status === 'reserved'
    ? [releaseEvent(ledger, reservationId, reservation.resources, 'reserved', now)]
    : [releaseEvent(ledger, reservationId, clampToCount(state, reservation.resources), 'count', now)];

const releaseQuota = ({ data }: ReleaseQuota, state: QuotaLedgerState): Emit => {
  const { ledger, reservationId, resources, now } = data;
  if (reservationId in state.closed) return [];
  const reservation = state.reservations[reservationId];
  if (reservation !== undefined && resources !== undefined)
    throw conflict(
      'QUOTA_RESERVATION_ID_IN_USE',
      `The reservation ${reservationId} is open; release it without amounts, or use a new id to release counted usage.`,
      { ...ledgerFields(ledger), reservationId },
    );
  if (reservation !== undefined) return releaseReservation(state, ledger, reservationId, reservation, now);
  if (resources === undefined) throw reservationNotFound(ledger, reservationId);
  assertAmounts(resources);
  return [releaseEvent(ledger, reservationId, clampToCount(state, resources), 'count', now)];
};

const expireQuotaReservations = ({ data }: ExpireQuotaReservations, state: QuotaLedgerState): Emit => {
  const now = instantOf('now', data.now);
  return Object.entries(state.reservations)
    .filter(([, r]) => r.status === 'reserved' && Date.parse(r.expiresAt) <= now)
    .map(([reservationId, r]) => ({
      type: 'QuotaReservationExpired',
      data: { ...ledgerFields(data.ledger), reservationId, resources: r.resources, expiredAt: data.now },
    }));
};

export const decide = (command: QuotaCommand, state: QuotaLedgerState): Emit => {
  switch (command.type) {
    case 'SetResourceLimit':
      return setResourceLimit(command, state);
    case 'ReserveQuota':
      return reserveQuota(command, state);
    case 'CommitQuota':
      return commitQuota(command, state);
    case 'ReleaseQuota':
      return releaseQuota(command, state);
    case 'ExpireQuotaReservations':
      return expireQuotaReservations(command, state);
    default: {
      const unknown: never = command;
      throw invalid('UNKNOWN_COMMAND', `Unknown quota command ${JSON.stringify(unknown)}.`);
    }
  }
};
