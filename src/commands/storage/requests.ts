import { randomUUID } from 'node:crypto';
import type { Position } from '../../adapters/eventstore/port.ts';
import { DomainError, notFound } from '../../domain/shared/index.ts';
import type { Caller } from '../../domain/tenancy/roles.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import { deterministicEventId } from '../eventIds.ts';
import { WorkflowInterrupted } from '../jobs/workflow.ts';
import type { Ownership } from './access.ts';
import type { StreamLookup } from './lookup.ts';

/** Who asks: the authenticated caller and the context its events carry. */
export type Requester = { readonly caller: Caller; readonly ctx: CommandContext };

export type StorageDeps = {
  readonly bus: CommandBus;
  /** How to find stream ids by content (default: $all through the store; sqlLookup on PostgreSQL). */
  readonly lookup?: StreamLookup;
};

/** What an async operation answers at once: the job to poll and the position of its last event. */
export type Submitted = { readonly jobId: string; readonly position: Position | null };

/** The key a request's effects are derived from: the client's idempotency key, else the command id. */
export const requestKey = (ctx: CommandContext): string => ctx.idempotencyKey ?? ctx.commandId;

/** A new resource's id: derived from the idempotency key so a retried request names the same resource. */
export const newId = (ctx: CommandContext, kind: string): string =>
  ctx.idempotencyKey ? deterministicEventId(ctx.idempotencyKey, kind, 0) : randomUUID();

/** The owner of a new resource: the account named (admins acting for it), else the caller's own. */
export const ownerOf = async (bus: CommandBus, caller: Caller, accountId?: string): Promise<Ownership> => {
  const id = accountId ?? caller.accountId;
  const { state } = await bus.load('account', id);
  if (state.status === 'absent' || state.status === 'removed')
    throw notFound('ACCOUNT_NOT_FOUND', `Account ${id} does not exist`, { accountId: id });
  return { accountId: id, tenantDomainId: state.tenantDomainId };
};

export const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Runs compensations after `error`, unless the job is only being interrupted (it resumes later and
 * must keep what it holds). Each compensation runs even if an earlier one fails: whatever can't be
 * undone now is left to the reservation expiry sweep. The original error is rethrown.
 */
export const compensate = async (
  error: unknown,
  ...undo: readonly (() => Promise<unknown>)[]
): Promise<never> => {
  if (!(error instanceof WorkflowInterrupted)) for (const step of undo) await step().catch(() => undefined);
  throw error;
};

/** Whether an error is the domain's refusal with this code. */
export const isRefusal = (e: unknown, code: string): boolean => e instanceof DomainError && e.code === code;
