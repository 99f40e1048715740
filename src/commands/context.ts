import type { Actor } from '../adapters/eventstore/port.ts';

/** Who asked, and why: carried into every event's metadata. */
export type CommandContext = {
  /** Unique per command; with `idempotencyKey` unset it also keys the events' ids. */
  readonly commandId: string;
  /** A client-chosen key: the same command retried with it returns the first result, appending nothing. */
  readonly idempotencyKey?: string;
  readonly correlationId: string;
  /** The event or command that caused this one, for workflows. */
  readonly causationId?: string;
  readonly actor: Actor;
  readonly requestId?: string;
};
