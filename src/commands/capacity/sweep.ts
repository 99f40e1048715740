import { randomUUID } from 'node:crypto';
import type { Reservation } from '../../domain/infrastructure/index.ts';
import type { QuotaLedgerState } from '../../domain/limits/index.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import type { CapacityIndex } from './capacityIndex.ts';

/**
 * Reservations carry an expiry so that a workflow that dies between reserving and committing
 * (and is never resumed) cannot hold capacity or quota for ever. The sweep finds, from the index,
 * the hosts, pools and ledgers holding a reservation past its window and asks each stream to expire
 * them; the stream decides (a reservation committed meanwhile is no longer expirable).
 */

export type SweepDeps = { readonly bus: CommandBus; readonly capacity: CapacityIndex };

export type SweepResult = {
  readonly hosts: number;
  readonly pools: number;
  readonly ledgers: number;
  /** Reservations released by the sweep, across all owners. */
  readonly expired: number;
};

const sweepContext = (): CommandContext => {
  const id = randomUUID();
  return { commandId: id, correlationId: id, actor: { userId: 'system' } };
};

const due = (expiresAt: string | null, now: number): boolean =>
  expiresAt !== null && Date.parse(expiresAt) <= now;

const hasExpired = (reservations: Readonly<Record<string, Reservation>>, now: number): boolean =>
  Object.values(reservations).some((r) => due(r.expiresAt, now));

const ledgerHasExpired = (ledger: QuotaLedgerState, now: number): boolean =>
  Object.values(ledger.reservations).some((r) => r.status === 'reserved' && due(r.expiresAt, now));

export const sweepExpiredReservations = async (
  { bus, capacity }: SweepDeps,
  at: string = bus.now(),
): Promise<SweepResult> => {
  await capacity.refresh();
  const now = Date.parse(at);
  let expired = 0;
  const hosts = capacity.hosts().filter((h) => hasExpired(h.reservations, now));
  for (const { hostId } of hosts) {
    const result = await bus.execute(
      'host',
      hostId,
      { type: 'ExpireHostReservations', data: { hostId, now: at } },
      sweepContext(),
    );
    capacity.observe('host', hostId, result);
    expired += result.events.length;
  }
  const pools = capacity.pools().filter((p) => hasExpired(p.reservations, now));
  for (const { poolId } of pools) {
    const result = await bus.execute(
      'storagePool',
      poolId,
      { type: 'ExpireStorageReservations', data: { poolId, now: at } },
      sweepContext(),
    );
    capacity.observe('storagePool', poolId, result);
    expired += result.events.length;
  }
  const ledgers = capacity.ledgers().filter((l) => ledgerHasExpired(l.state, now));
  for (const { scope, ownerId } of ledgers) {
    const result = await bus.execute(
      scope === 'account' ? 'quotaAccount' : 'quotaDomain',
      ownerId,
      { type: 'ExpireQuotaReservations', data: { ledger: { scope, ownerId }, now: at } },
      sweepContext(),
    );
    capacity.observe(scope === 'account' ? 'quotaAccount' : 'quotaDomain', ownerId, result);
    expired += result.events.length;
  }
  return { hosts: hosts.length, pools: pools.length, ledgers: ledgers.length, expired };
};

/** The `sweep()` hook the timers call periodically. */
export const reservationSweeper = (deps: SweepDeps) => (): Promise<SweepResult> =>
  sweepExpiredReservations(deps);
