import type { QuotaLedgerRef } from '../../domain/limits/index.ts';
import { reservationIdOf } from '../capacity/reserve.ts';
import { deterministicEventId } from '../eventIds.ts';

/**
 * How a family of operations names its quota reservations and ledger steps. Step names key the
 * idempotent steps of a resumed job or a retried request, and reservation ids are recorded on the
 * ledgers, so a family keeps its naming for good: a new naming would make a resumed job reserve twice.
 */
export type QuotaNaming = {
  /** The reservation id of a hold (or of a counted release) for `purpose` under the runner's key. */
  readonly reservationId: (key: string, purpose: string, counted: boolean) => string;
  /** The step name of `action` on `ledger`, for the hold `reservationId` taken or released for `purpose`. */
  readonly step: (
    action: QuotaAction,
    purpose: string,
    reservationId: string,
    ledger: QuotaLedgerRef,
  ) => string;
};

export type QuotaAction = 'reserve' | 'commit' | 'release' | 'release-counted';

const on = (ledger: QuotaLedgerRef): string => `${ledger.scope}:${ledger.ownerId}`;

/** The VM operations' naming: one key per job or request, steps named by purpose (deploy, scale…). */
export const purposeNaming: QuotaNaming = {
  reservationId: (key, purpose, counted) =>
    reservationIdOf(key, `${counted ? 'quota-counted' : 'quota'}:${purpose}`),
  step: (action, purpose, reservationId, ledger) => {
    switch (action) {
      case 'reserve':
      case 'release-counted':
        return `quota-${action}:${purpose}:${on(ledger)}`;
      case 'commit':
        return `quota-commit:${reservationId}:${on(ledger)}`;
      case 'release':
        return `quota-release:${purpose}:${reservationId}:${on(ledger)}`;
    }
  },
};

/** The storage operations' naming: the reservation id comes from `key:purpose` and names every step. */
export const reservationNaming: QuotaNaming = {
  reservationId: (key, purpose) => deterministicEventId(`${key}:${purpose}`, 'quota', 0),
  step: (action, _purpose, reservationId, ledger) =>
    `quota-${action === 'release-counted' ? 'uncount' : action}:${reservationId}:${on(ledger)}`,
};
