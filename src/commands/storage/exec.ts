import type { ResourceAmounts } from '../../domain/limits/index.ts';
import type { AggregateName, CommandOf, StateOf } from '../aggregates.ts';
import { later } from '../capacity/steps.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import type { CommandResult } from '../handleCommand.ts';
import type { WorkflowTools } from '../jobs/workflow.ts';
import {
  loadOwner,
  type QuotaDeps,
  type QuotaScope,
  releaseCounted,
  reservationNaming,
  resolveQuotaScopes,
} from '../quota/index.ts';
import type { Ownership } from './access.ts';

/**
 * Runs one named command. Sync operations and workflows share the storage helpers (quota, pool
 * reservations) through it: a workflow passes `tools.step` (keyed by job and step), a sync operation
 * `syncExec` (keyed by the request), so a retried request or a resumed job never records a step twice.
 */
export type Exec = <K extends AggregateName>(
  name: string,
  aggregate: K,
  id: string,
  command: CommandOf<K>,
) => Promise<CommandResult<StateOf<K>>>;

/** The context of one named step of a request: its own command id, and key when the request has one. */
export const stepOf = (ctx: CommandContext, name: string): CommandContext => ({
  ...ctx,
  commandId: `${ctx.commandId}:${name}`,
  ...(ctx.idempotencyKey ? { idempotencyKey: `${ctx.idempotencyKey}:${name}` } : {}),
  causationId: ctx.causationId ?? ctx.commandId,
});

export const syncExec =
  (bus: CommandBus, ctx: CommandContext): Exec =>
  (name, aggregate, id, command) =>
    bus.execute(aggregate, id, command, stepOf(ctx, name));

export const stepExec =
  (tools: WorkflowTools): Exec =>
  (name, aggregate, id, command) =>
    tools.step(name, aggregate, id, command);

/** How long a storage reservation of quota lives unless committed (the expiry sweep frees it after). */
const quotaHoldSeconds = 3600;

/**
 * The quota ledgers' steps (src/commands/quota) as storage runs them: through `exec`, all at `now`,
 * reservation ids from `key` and the purpose, steps named by reservation id; `expiresAt` for holds.
 */
export const quotaSteps = (
  exec: Exec,
  key: string,
  now: string,
): QuotaDeps & { readonly expiresAt: string } => ({
  runner: { step: exec, key, now: () => now },
  naming: reservationNaming,
  expiresAt: later(now, quotaHoldSeconds),
});

/**
 * The ledgers over a resource's owner. Its account may be removed and its domains deleted (nothing
 * cleans up their resources), and a root-admin account keeps its limited ancestor domains: storage
 * usage counted there must stay releasable.
 */
export const quotaScopesOf = async (bus: CommandBus, owner: Ownership): Promise<QuotaScope[]> =>
  resolveQuotaScopes(
    bus,
    await loadOwner(bus, owner.accountId, { allowRemoved: true, allowDeletedDomains: true }),
    { rootAdminDomains: true },
  );

/** Gives back counted usage of `owner`: the amounts above zero, nothing (and no loads) when none is. */
export const giveBackQuota = async (
  quota: QuotaDeps,
  bus: CommandBus,
  owner: Ownership,
  purpose: string,
  resources: ResourceAmounts,
): Promise<void> => {
  const positive = Object.fromEntries(Object.entries(resources).filter(([, n]) => (n ?? 0) > 0));
  if (Object.keys(positive).length > 0)
    await releaseCounted(quota, await quotaScopesOf(bus, owner), purpose, positive);
};
