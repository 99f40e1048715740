import type { AggregateName, CommandOf, StateOf } from '../aggregates.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import type { CommandResult } from '../handleCommand.ts';
import type { WorkflowTools } from '../jobs/workflow.ts';

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
