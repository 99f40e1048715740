import { randomUUID } from 'node:crypto';
import type { Position } from '../../adapters/eventstore/port.ts';
import { encodeEvent } from '../../domain/events.ts';
import type { Command, Decider, Event } from '../../domain/shared/index.ts';
import { forbidden, isDomainError, streamName } from '../../domain/shared/index.ts';
import { type Caller, canManageInfrastructure } from '../../domain/tenancy/roles.ts';
import { type AggregateName, aggregates, type CommandOf, type StateOf } from '../aggregates.ts';
import type { CommandBus } from '../commandBus.ts';
import type { CommandContext } from '../context.ts';
import { deterministicEventId } from '../eventIds.ts';
import { type CommandResult, handleCommand } from '../handleCommand.ts';
import { type JobRequest, submitJob } from '../jobs/submitJob.ts';
import type { WorkflowTools } from '../jobs/workflow.ts';

/** What every admin operation works with. */
export type AdminDeps = { readonly bus: CommandBus };

/**
 * Who calls (resolved by authentication), the command context their request carries, and the last
 * $all position they have seen (read-your-writes: operations that read the log wait for it).
 */
export type Invocation = {
  readonly caller: Caller;
  readonly ctx: CommandContext;
  readonly after?: Position | null;
};

/** Every operation answers with the $all position of its last event (null when it recorded nothing). */
export type Positioned = { readonly position: Position | null };

/**
 * The context of one step of an operation. An operation often sends several commands to the same
 * stream (a tenant domain reserves an account name, then a username); each needs its own key, or
 * the second would be taken for an idempotent retry of the first. A retried operation (same
 * idempotency key) derives the same step keys, so each step is recorded once.
 */
export const stepCtx = (ctx: CommandContext, step: string): CommandContext => ({
  ...ctx,
  commandId: `${ctx.commandId}:${step}`,
  ...(ctx.idempotencyKey !== undefined ? { idempotencyKey: `${ctx.idempotencyKey}:${step}` } : {}),
  causationId: ctx.causationId ?? ctx.commandId,
});

/** A new resource id: derived from the idempotency key when there is one, so a retry names the same resource. */
export const newId = (ctx: CommandContext, kind: string, given?: string): string =>
  given ??
  (ctx.idempotencyKey !== undefined ? deterministicEventId(ctx.idempotencyKey, kind, 0) : randomUUID());

/** The later of two $all positions (positions of one store compare as strings). */
export const later = (a: Position | null, b: Position | null): Position | null =>
  a === null ? b : b === null ? a : a > b ? a : b;

/** Runs commands as named steps: an operation's Steps, or a job's tools (see stepsOfJob). */
export type StepRunner = {
  run<K extends AggregateName>(
    step: string,
    aggregate: K,
    id: string,
    command: CommandOf<K>,
  ): Promise<CommandResult<StateOf<K>>>;
  now(): string;
};

/** Where a job was submitted in $all: what its steps' reads of the log must at least see. */
export const submittedAt = async (tools: WorkflowTools): Promise<Position | null> =>
  (await tools.bus.store.readStream(streamName('job', tools.job.jobId), { maxCount: 1 }))[0]?.position ??
  null;

/** A job's steps as a StepRunner: each keyed by the job and the step name. */
export const stepsOfJob = (tools: WorkflowTools): StepRunner => ({
  run: (step, aggregate, id, command) => tools.step(step, aggregate, id, command),
  now: () => tools.now(),
});

/** Runs commands as named steps of one operation, remembering the position of the last event recorded. */
export class Steps implements StepRunner {
  position: Position | null = null;

  constructor(
    readonly bus: CommandBus,
    readonly ctx: CommandContext,
  ) {}

  async run<K extends AggregateName>(
    step: string,
    aggregate: K,
    id: string,
    command: CommandOf<K>,
  ): Promise<CommandResult<StateOf<K>>> {
    const result = await this.bus.execute(aggregate, id, command, stepCtx(this.ctx, step));
    this.note(result.position);
    return result;
  }

  /** Several commands decided one after the other against the same stream and appended at once. */
  async runAll<K extends AggregateName>(
    step: string,
    aggregate: K,
    id: string,
    commands: readonly CommandOf<K>[],
  ): Promise<CommandResult<StateOf<K>>> {
    const result = await executeAll(this.bus, aggregate, id, commands, stepCtx(this.ctx, step));
    this.note(result.position);
    return result;
  }

  now(): string {
    return this.bus.now();
  }

  note(position: Position | null): void {
    this.position = later(this.position, position);
  }
}

type Batch = Command<'Batch', readonly Command[]>;

/**
 * Decides a sequence of commands against one stream and appends all their events in one append,
 * so either all of them are recorded or none (e.g. a user created together with its API keys).
 */
export const executeAll = <K extends AggregateName>(
  bus: CommandBus,
  aggregate: K,
  id: string,
  commands: readonly CommandOf<K>[],
  ctx: CommandContext,
): Promise<CommandResult<StateOf<K>>> => {
  const { category, decider } = aggregates[aggregate];
  const inner = decider as unknown as Decider<Command, StateOf<K>, Event>;
  const batch: Decider<Batch, StateOf<K>, Event> = {
    initialState: inner.initialState,
    evolve: inner.evolve,
    decide: (command, state) => {
      const events: Event[] = [];
      let current = state;
      for (const c of command.data) {
        const decided = inner.decide(c, current);
        events.push(...decided);
        current = decided.reduce(inner.evolve, current);
      }
      return events;
    },
  };
  return handleCommand(bus.store, batch, streamName(category, id), { type: 'Batch', data: commands }, ctx, {
    encode: encodeEvent,
  });
};

/** Infrastructure (zones, pods, clusters, hosts, storage) is the root admin's alone. */
export const requireRootAdmin = (caller: Caller, action: string): void => {
  if (!canManageInfrastructure(caller))
    throw forbidden('ROOT_ADMIN_REQUIRED', `Only a root administrator may ${action}.`, {
      userId: caller.userId,
      roleType: caller.roleType,
    });
};

/** True when `e` is a DomainError with this code (e.g. a lost race that another caller won). */
export const hasCode = (e: unknown, code: string): boolean => isDomainError(e) && e.code === code;

/** An operation that is one command on one stream, recorded as the step `step`. */
export const singleCommand = async <K extends AggregateName>(
  bus: CommandBus,
  ctx: CommandContext,
  step: string,
  aggregate: K,
  id: string,
  command: CommandOf<K>,
): Promise<Positioned> => {
  const steps = new Steps(bus, ctx);
  await steps.run(step, aggregate, id, command);
  return { position: steps.position };
};

/** A root-admin operation that is one command on one stream. */
export const infrastructureCommand = async <K extends AggregateName>(
  bus: CommandBus,
  { caller, ctx }: Invocation,
  action: string,
  aggregate: K,
  id: string,
  command: CommandOf<K>,
): Promise<Positioned> => {
  requireRootAdmin(caller, action);
  return singleCommand(bus, ctx, command.type, aggregate, id, command);
};

/** What a creation records: the aggregate, the field its new id answers under, and an id the caller chose. */
export type NewResource<K extends AggregateName, F extends string> = {
  readonly aggregate: K;
  readonly idField: F;
  readonly given?: string | undefined;
  /** The step the command is recorded as; its type when absent. */
  readonly step?: string;
};

/**
 * Creates a resource with one command under a new id (see newId: the id kind is the aggregate's
 * name in lower case) and answers that id under `idField`, with the position. `command` may first
 * look up what the creation needs (a parent), after the checks the caller made.
 */
export const createOne = async <K extends AggregateName, F extends string>(
  bus: CommandBus,
  ctx: CommandContext,
  { aggregate, idField, given, step }: NewResource<K, F>,
  command: (id: string) => CommandOf<K> | Promise<CommandOf<K>>,
): Promise<Positioned & Record<F, string>> => {
  const id = newId(ctx, aggregate.toLowerCase(), given);
  const decided = await command(id);
  const { position } = await singleCommand(bus, ctx, step ?? decided.type, aggregate, id, decided);
  return { [idField]: id, position } as Positioned & Record<F, string>;
};

/** An async operation's job, submitted as its `submit` step. */
export const submitAdminJob = (
  bus: CommandBus,
  ctx: CommandContext,
  request: JobRequest,
): Promise<Positioned & { jobId: string }> => submitJob(bus, request, stepCtx(ctx, 'submit'));

/**
 * Decides a creation command against an empty stream without recording anything: its refusals
 * (bad name, bad email…) surface before the operation reserves names it would have to give back.
 */
export const dryRunCreate = <K extends AggregateName>(aggregate: K, command: CommandOf<K>): void => {
  const decider = aggregates[aggregate].decider as unknown as Decider<Command, StateOf<K>, Event>;
  decider.decide(command, decider.initialState());
};
