import {
  type EventMetadata,
  type EventStore,
  type NewEvent,
  type Position,
  WrongExpectedVersionError,
} from '../adapters/eventstore/port.ts';
import type { Command, Decider, Event } from '../domain/shared/index.ts';
import type { CommandContext } from './context.ts';
import { deterministicEventId } from './eventIds.ts';
import { StreamStates } from './streamStates.ts';

export type CommandResult<S> = {
  readonly stream: string;
  readonly state: S;
  /** The events this command recorded (or, for an idempotent retry, had recorded the first time). */
  readonly events: readonly Event[];
  /** Revision of the stream after the command; null when the stream still has no events. */
  readonly revision: bigint | null;
  /** $all position of the command's last event, for read-your-writes; null when it recorded nothing. */
  readonly position: Position | null;
};

export type HandleOptions = {
  /** Attempts on a version conflict before giving up (the conflict is then rethrown). */
  readonly maxAttempts?: number;
  /** Validates and versions each event before it is written (the domain's schema registry). */
  readonly encode?: (event: Event) => { data: unknown; schemaVersion: number };
  /** Folded states kept between commands; without it each command reads its stream whole. */
  readonly cache?: StreamStates;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Full jitter: concurrent losers spread out instead of colliding again in lockstep. */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(200, 5 * 2 ** attempt));

const metadataOf = (ctx: CommandContext, key: string, schemaVersion?: number): EventMetadata => ({
  commandId: key,
  correlationId: ctx.correlationId,
  ...(ctx.causationId ? { causationId: ctx.causationId } : {}),
  actor: ctx.actor,
  ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
  ...(schemaVersion !== undefined ? { schemaVersion } : {}),
});

/**
 * Load the stream, fold it, decide, append with the expected revision; on a version conflict
 * reload and decide again (bounded, with jitter). A command whose key is already recorded in the
 * stream returns that first result and appends nothing.
 */
export const handleCommand = async <C extends Command, S, E extends Event>(
  store: EventStore,
  decider: Decider<C, S, E>,
  stream: string,
  command: C,
  ctx: CommandContext,
  { maxAttempts = 30, encode, cache }: HandleOptions = {},
): Promise<CommandResult<S>> => {
  const key = ctx.idempotencyKey ?? ctx.commandId;
  const states = cache ?? new StreamStates(store);
  const fold = decider as unknown as { initialState: () => S; evolve: (s: S, e: Event) => S };
  for (let attempt = 1; ; attempt++) {
    const { state, revision, results } = await states.load(stream, fold);
    const earlier = results.get(key);
    if (earlier) return { stream, state, events: earlier.events, revision, position: earlier.position };

    const decided = decider.decide(command, state);
    if (!decided.length) return { stream, state, events: [], revision, position: null };

    const toAppend: NewEvent[] = decided.map((event, index) => {
      const encoded = encode?.(event);
      return {
        id: deterministicEventId(key, stream, index),
        type: event.type,
        data: encoded ? encoded.data : event.data,
        metadata: metadataOf(ctx, key, encoded?.schemaVersion),
      };
    });
    try {
      const result = await store.append(stream, toAppend, revision ?? 'no_stream');
      const after = states.remember(stream, {
        state: decided.reduce(decider.evolve, state),
        revision: result.nextExpectedRevision,
        results: new Map(results).set(key, { events: decided, position: result.position }),
      });
      return {
        stream,
        state: after.state,
        events: decided,
        revision: result.nextExpectedRevision,
        position: result.position,
      };
    } catch (e) {
      if (!(e instanceof WrongExpectedVersionError) || attempt >= maxAttempts) throw e;
      await backoff(attempt);
    }
  }
};
