import { WrongExpectedVersionError } from '../../adapters/eventstore/port.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import { stepContext, type WorkflowTools } from '../jobs/workflow.ts';

/**
 * What the reservation sagas run their commands through: a step keyed by name (a resumed job or a
 * retried request gets the first result back instead of recording it twice), the bus for loads,
 * and the clock. Async jobs build one from their WorkflowTools; sync operations from their context.
 */
export type Step = WorkflowTools['step'];

export type Runner = {
  readonly bus: CommandBus;
  readonly step: Step;
  readonly now: () => string;
  /** Unique per job or request: the seed of deterministic reservation ids. */
  readonly key: string;
  /** The context `step` runs a command of this name with, for a command the bus has no decider for. */
  readonly context: (name: string) => CommandContext;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Outlasts contention: the bus gives up after a few version conflicts, but a hot stream (a domain's
 * quota ledger under a burst of deploys) may need more. Only for idempotent work (a keyed step).
 */
export const retryOnConflict = async <T>(run: () => Promise<T>, attempts = 40): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof WrongExpectedVersionError) || attempt >= attempts) throw e;
      await sleep(Math.random() * Math.min(200, 10 * attempt));
    }
  }
};

export const persistent =
  (step: Step): Step =>
  (name, aggregate, id, command) =>
    retryOnConflict(() => step(name, aggregate, id, command));

export const workflowRunner = (tools: WorkflowTools): Runner => ({
  bus: tools.bus,
  step: persistent(tools.step),
  now: tools.now,
  key: tools.job.jobId,
  context: (name) => stepContext(tools.job, name),
});

/** A sync operation's steps: keyed by its idempotency key (or command id) and the step name. */
export const requestRunner = (bus: CommandBus, ctx: CommandContext): Runner => {
  const key = ctx.idempotencyKey ?? ctx.commandId;
  const context = (name: string): CommandContext => ({
    ...ctx,
    commandId: `${key}:${name}`,
    idempotencyKey: `${key}:${name}`,
    causationId: ctx.causationId ?? ctx.commandId,
  });
  return {
    bus,
    key,
    context,
    now: () => bus.now(),
    step: persistent((name, aggregate, id, command) => bus.execute(aggregate, id, command, context(name))),
  };
};

/** The instant `seconds` after `now` (ISO-8601), for reservation windows. */
export const later = (now: string, seconds: number): string =>
  new Date(Date.parse(now) + seconds * 1000).toISOString();
