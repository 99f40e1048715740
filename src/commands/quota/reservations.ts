import type { QuotaCommand, QuotaLedgerRef, ResourceAmounts } from '../../domain/limits/index.ts';
import { DomainError } from '../../domain/shared/index.ts';
import type { CapacityIndex } from '../capacity/capacityIndex.ts';
import type { Runner } from '../capacity/steps.ts';
import { type QuotaScope, scopesLimiting } from './limits.ts';
import { purposeNaming, type QuotaAction, type QuotaNaming } from './naming.ts';

/**
 * A request's quota, held on every ledger that limits it under one reservation id: reserved on the
 * account first, then its domains from the leaf up; committed when the resource exists; released
 * in reverse order when the request fails. Each ledger decides alone against its own revision, so
 * concurrent requests can never take a ledger past its limit.
 */

export type QuotaHold = {
  readonly reservationId: string;
  readonly resources: ResourceAmounts;
  readonly ledgers: readonly QuotaLedgerRef[];
};

/**
 * What the ledger steps run through: a workflow's or a request's steps, the clock and the key of
 * reservation ids; the capacity index to keep current, if any; the naming (VM's by default).
 */
export type QuotaDeps = {
  readonly runner: Pick<Runner, 'step' | 'now' | 'key'>;
  readonly capacity?: CapacityIndex;
  readonly naming?: QuotaNaming;
};

const aggregateOf = (ledger: QuotaLedgerRef): 'quotaAccount' | 'quotaDomain' =>
  ledger.scope === 'account' ? 'quotaAccount' : 'quotaDomain';

const run = async (
  { runner, capacity, naming = purposeNaming }: QuotaDeps,
  [action, purpose, reservationId]: readonly [QuotaAction, string, string],
  ledger: QuotaLedgerRef,
  command: QuotaCommand,
): Promise<void> => {
  const aggregate = aggregateOf(ledger);
  const name = naming.step(action, purpose, reservationId, ledger);
  const result = await runner.step(name, aggregate, ledger.ownerId, command);
  capacity?.observe(aggregate, ledger.ownerId, result);
};

const reservationIdOf = ({ runner, naming = purposeNaming }: QuotaDeps, purpose: string, counted: boolean) =>
  naming.reservationId(runner.key, purpose, counted);

/** Releases a hold, last ledger first; a reservation already gone (expired, released) is skipped. */
export const releaseQuota = async (deps: QuotaDeps, hold: QuotaHold, purpose = 'release'): Promise<void> => {
  for (const ledger of [...hold.ledgers].reverse()) {
    try {
      await run(deps, ['release', purpose, hold.reservationId], ledger, {
        type: 'ReleaseQuota',
        data: { ledger, reservationId: hold.reservationId, now: deps.runner.now() },
      });
    } catch (e) {
      if (!(e instanceof DomainError && e.code === 'QUOTA_RESERVATION_NOT_FOUND')) throw e;
    }
  }
};

/**
 * Reserves `resources` on every ledger of `scopes` that limits them. When a ledger refuses (a limit
 * would be exceeded), what was reserved is released in reverse order and the refusal is rethrown.
 */
export const reserveQuota = async (
  deps: QuotaDeps,
  scopes: readonly QuotaScope[],
  purpose: string,
  resources: ResourceAmounts,
  expiresAt: string,
): Promise<QuotaHold> => {
  const reservationId = reservationIdOf(deps, purpose, false);
  const held: QuotaLedgerRef[] = [];
  try {
    for (const scope of scopesLimiting(scopes, resources)) {
      const ledger = { scope: scope.scope, ownerId: scope.ownerId };
      await run(deps, ['reserve', purpose, reservationId], ledger, {
        type: 'ReserveQuota',
        data: { ledger, reservationId, resources, limits: scope.limits, now: deps.runner.now(), expiresAt },
      });
      held.push(ledger);
    }
  } catch (e) {
    await releaseQuota(deps, { reservationId, resources, ledgers: held }, `undo-${purpose}`);
    throw e;
  }
  return { reservationId, resources, ledgers: held };
};

export const commitQuota = async (deps: QuotaDeps, hold: QuotaHold): Promise<void> => {
  for (const ledger of hold.ledgers)
    await run(deps, ['commit', '', hold.reservationId], ledger, {
      type: 'CommitQuota',
      data: { ledger, reservationId: hold.reservationId, now: deps.runner.now() },
    });
};

/** Reserves and commits at once: for sync operations whose resource exists as soon as they succeed. */
export const takeQuota = async (
  deps: QuotaDeps,
  scopes: readonly QuotaScope[],
  purpose: string,
  resources: ResourceAmounts,
  expiresAt: string,
): Promise<QuotaHold> => {
  const hold = await reserveQuota(deps, scopes, purpose, resources, expiresAt);
  await commitQuota(deps, hold);
  return hold;
};

/**
 * Gives back counted usage that has no open reservation of its own (a destroyed VM, a smaller
 * offering), on every ledger that limits it now; the ledger never counts below zero.
 */
export const releaseCounted = async (
  deps: QuotaDeps,
  scopes: readonly QuotaScope[],
  purpose: string,
  resources: ResourceAmounts,
): Promise<void> => {
  const reservationId = reservationIdOf(deps, purpose, true);
  for (const scope of [...scopesLimiting(scopes, resources)].reverse()) {
    const ledger = { scope: scope.scope, ownerId: scope.ownerId };
    await run(deps, ['release-counted', purpose, reservationId], ledger, {
      type: 'ReleaseQuota',
      data: { ledger, reservationId, resources, now: deps.runner.now() },
    });
  }
};
