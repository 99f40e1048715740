import type { EventStore } from '../adapters/eventstore/port.ts';
import { encodeEvent } from '../domain/events.ts';
import type { Command, Decider, Event } from '../domain/shared/index.ts';
import { streamName } from '../domain/shared/index.ts';
import { type AggregateName, aggregates, type CommandOf, type StateOf } from './aggregates.ts';
import type { CommandContext } from './context.ts';
import { type CommandResult, handleCommand } from './handleCommand.ts';
import { StreamStates } from './streamStates.ts';

/**
 * The one way the application changes anything: `execute(aggregate, id, command, ctx)` loads the
 * aggregate's stream, decides and appends (validated, versioned, with metadata), retrying on
 * version conflicts. `load` folds a stream for the reads a workflow needs before it decides.
 */
export class CommandBus {
  /** Folded stream states shared by every command and load of this bus. */
  private readonly states: StreamStates;

  constructor(
    readonly store: EventStore,
    /** The clock commands are stamped with; tests pass a fixed one. */
    readonly clock: () => Date = () => new Date(),
  ) {
    this.states = new StreamStates(store);
  }

  now(): string {
    return this.clock().toISOString();
  }

  execute<K extends AggregateName>(
    aggregate: K,
    id: string,
    command: CommandOf<K>,
    ctx: CommandContext,
  ): Promise<CommandResult<StateOf<K>>> {
    const { category, decider } = aggregates[aggregate];
    return handleCommand(
      this.store,
      decider as unknown as Decider<Command, StateOf<K>, Event>,
      streamName(category, id),
      command,
      ctx,
      { encode: encodeEvent, cache: this.states },
    );
  }

  async load<K extends AggregateName>(
    aggregate: K,
    id: string,
  ): Promise<{ state: StateOf<K>; revision: bigint | null }> {
    const { category, decider } = aggregates[aggregate];
    const fold = decider as unknown as {
      initialState: () => StateOf<K>;
      evolve: (s: StateOf<K>, e: Event) => StateOf<K>;
    };
    const { state, revision } = await this.states.load(streamName(category, id), fold);
    return { state, revision };
  }
}
