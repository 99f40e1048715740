import {
  type DomainLimitLink,
  effectiveAccountLimits,
  effectiveDomainLimits,
  limitedTypes,
  type ResourceAmounts,
  type ResourceLimits,
} from '../../domain/limits/index.ts';
import type { QuotaLedgerRef } from '../../domain/limits/quota/index.ts';
import { notFound } from '../../domain/shared/index.ts';
import type { CommandBus } from '../commandBus.ts';
import { deterministicEventId } from '../eventIds.ts';
import { type Ownership, tenantDomainChain } from './access.ts';
import type { Exec } from './exec.ts';

/**
 * Quota for storage resources (volume, primary_storage, snapshot, secondary_storage, template) on
 * the owner's account ledger and every ancestor domain ledger with a finite limit on what is asked
 * (reference: cloudstack-domain.md §5.3). ROOT and unlimited levels are skipped, so no hot stream.
 */

export type QuotaLedger = { readonly ref: QuotaLedgerRef; readonly limits: ResourceLimits };

/** A reservation held on several ledgers under one id: what commit and release need, storable in a job. */
export type QuotaHold = {
  readonly reservationId: string;
  readonly ledgers: readonly QuotaLedger[];
};

/** Reservation ids are uuids derived from a key, so a retried step reserves nothing twice. */
export const quotaReservationId = (key: string): string => deterministicEventId(key, 'quota', 0);

const explicitOf = async (bus: CommandBus, ref: QuotaLedgerRef): Promise<ResourceAmounts> =>
  (await bus.load(ref.scope === 'account' ? 'quotaAccount' : 'quotaDomain', ref.ownerId)).state
    .explicitLimits;

/** The tenant domains from the owner's up to ROOT, with the explicit limits their ledgers record. */
const domainChain = async (bus: CommandBus, tenantDomainId: string): Promise<DomainLimitLink[]> =>
  Promise.all(
    (await tenantDomainChain(bus, tenantDomainId)).map(async (d) => ({
      tenantDomainId: d.tenantDomainId,
      parentId: d.parentId,
      explicit: await explicitOf(bus, { scope: 'domain', ownerId: d.tenantDomainId }),
    })),
  );

/** The ledgers a request for `resources` must go through, account first, then domains leaf to root. */
export const quotaLedgers = async (
  bus: CommandBus,
  owner: Ownership,
  resources: ResourceAmounts,
): Promise<QuotaLedger[]> => {
  const { state: account } = await bus.load('account', owner.accountId);
  if (account.status === 'absent')
    throw notFound('ACCOUNT_NOT_FOUND', `Account ${owner.accountId} does not exist`, {
      accountId: owner.accountId,
    });
  const accountRef: QuotaLedgerRef = { scope: 'account', ownerId: owner.accountId };
  const accountLimits = effectiveAccountLimits(await explicitOf(bus, accountRef), account.type);
  const chain = await domainChain(bus, owner.tenantDomainId);
  const ledgers: QuotaLedger[] = [{ ref: accountRef, limits: accountLimits }];
  chain.forEach((link, i) => {
    if (link.parentId === null) return;
    ledgers.push({
      ref: { scope: 'domain', ownerId: link.tenantDomainId },
      limits: effectiveDomainLimits(chain.slice(i)),
    });
  });
  return ledgers.filter((l) => limitedTypes(resources, l.limits).length > 0);
};

const ledgerAggregate = (ref: QuotaLedgerRef) => (ref.scope === 'account' ? 'quotaAccount' : 'quotaDomain');
const stepName = (what: string, hold: QuotaHold, ref: QuotaLedgerRef) =>
  `quota-${what}:${hold.reservationId}:${ref.scope}:${ref.ownerId}`;

/** Releases a hold on every ledger, last reserved first. */
export const releaseQuota = async (exec: Exec, hold: QuotaHold, now: string): Promise<void> => {
  for (const { ref } of [...hold.ledgers].reverse())
    await exec(stepName('release', hold, ref), ledgerAggregate(ref), ref.ownerId, {
      type: 'ReleaseQuota',
      data: { ledger: ref, reservationId: hold.reservationId, now },
    });
};

/**
 * Reserves `resources` on each ledger in turn; a refusal releases what was already reserved, in
 * reverse order, and is rethrown (RESOURCE_LIMIT_EXCEEDED names the ledger and type).
 */
export const reserveQuota = async (
  exec: Exec,
  bus: CommandBus,
  request: {
    readonly key: string;
    readonly owner: Ownership;
    readonly resources: ResourceAmounts;
    readonly now: string;
    readonly ttlMs?: number;
  },
): Promise<QuotaHold> => {
  const ledgers = await quotaLedgers(bus, request.owner, request.resources);
  const hold: QuotaHold = { reservationId: quotaReservationId(request.key), ledgers };
  const expiresAt = new Date(Date.parse(request.now) + (request.ttlMs ?? 3_600_000)).toISOString();
  const reserved: QuotaLedger[] = [];
  try {
    for (const ledger of ledgers) {
      await exec(stepName('reserve', hold, ledger.ref), ledgerAggregate(ledger.ref), ledger.ref.ownerId, {
        type: 'ReserveQuota',
        data: {
          ledger: ledger.ref,
          reservationId: hold.reservationId,
          resources: request.resources,
          limits: ledger.limits,
          now: request.now,
          expiresAt,
        },
      });
      reserved.push(ledger);
    }
  } catch (e) {
    await releaseQuota(exec, { ...hold, ledgers: reserved }, request.now);
    throw e;
  }
  return hold;
};

export const commitQuota = async (exec: Exec, hold: QuotaHold, now: string): Promise<void> => {
  for (const { ref } of hold.ledgers)
    await exec(stepName('commit', hold, ref), ledgerAggregate(ref), ref.ownerId, {
      type: 'CommitQuota',
      data: { ledger: ref, reservationId: hold.reservationId, now },
    });
};

/** Reserves and commits at once: usage that exists from now on (a recovered volume, a created record). */
export const countQuota = async (
  exec: Exec,
  bus: CommandBus,
  request: Parameters<typeof reserveQuota>[2],
): Promise<QuotaHold> => {
  const hold = await reserveQuota(exec, bus, request);
  await commitQuota(exec, hold, request.now);
  return hold;
};

/**
 * Gives back counted usage that has no open reservation of its own (a destroyed volume, a deleted
 * snapshot, a shrunk volume), under an id derived from `key` so a retry releases nothing twice.
 */
export const uncountQuota = async (
  exec: Exec,
  bus: CommandBus,
  request: {
    readonly key: string;
    readonly owner: Ownership;
    readonly resources: ResourceAmounts;
    readonly now: string;
  },
): Promise<void> => {
  const resources = Object.fromEntries(Object.entries(request.resources).filter(([, n]) => (n ?? 0) > 0));
  if (Object.keys(resources).length === 0) return;
  const ledgers = await quotaLedgers(bus, request.owner, resources);
  const reservationId = quotaReservationId(request.key);
  for (const { ref } of ledgers)
    await exec(
      `quota-uncount:${reservationId}:${ref.scope}:${ref.ownerId}`,
      ledgerAggregate(ref),
      ref.ownerId,
      {
        type: 'ReleaseQuota',
        data: { ledger: ref, reservationId, resources, now: request.now },
      },
    );
};
