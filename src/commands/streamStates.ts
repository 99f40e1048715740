import type { EventStore, Position, RecordedEvent } from '../adapters/eventstore/port.ts';
import type { Event } from '../domain/shared/index.ts';

/** What a command already recorded on a stream, by its key: an idempotent retry answers with it. */
export type Recorded = { readonly events: readonly Event[]; readonly position: Position };

export type Folded<S> = {
  readonly state: S;
  /** Revision of the last event folded; null for an empty stream. */
  readonly revision: bigint | null;
  readonly results: ReadonlyMap<string, Recorded>;
};

type Fold<S> = { readonly initialState: () => S; readonly evolve: (state: S, event: Event) => S };

const asDomainEvent = (e: RecordedEvent): Event => ({ type: e.type, data: e.data });
const newer = (a: bigint | null, b: bigint | null) => (a ?? -1n) > (b ?? -1n);

/**
 * Folded stream states kept between commands, so a command reads only the events appended since
 * the last one it saw instead of the whole stream (host and quota-ledger streams grow with every
 * placement). Correct across nodes: each load reads whatever was appended after the cached
 * revision, and appends still carry the expected revision. Bounded: least recently used streams
 * are dropped.
 */
export class StreamStates {
  private readonly entries = new Map<string, Folded<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly maxStreams = 20_000,
  ) {}

  async load<S>(stream: string, fold: Fold<S>): Promise<Folded<S>> {
    const cached = this.entries.get(stream) as Folded<S> | undefined;
    const fresh = await this.store.readStream(stream, {
      fromRevision: cached?.revision == null ? 'start' : cached.revision + 1n,
    });
    if (!fresh.length && cached) return this.touch(stream, cached);
    let state = cached?.state ?? fold.initialState();
    const results = new Map(cached?.results);
    for (const e of fresh) {
      state = fold.evolve(state, asDomainEvent(e));
      const key = e.metadata.commandId;
      if (typeof key === 'string')
        results.set(key, {
          events: [...(results.get(key)?.events ?? []), asDomainEvent(e)],
          position: e.position,
        });
    }
    return this.remember(stream, {
      state,
      revision: fresh.at(-1)?.revision ?? cached?.revision ?? null,
      results,
    });
  }

  /** Keeps a folded state unless a newer one is already kept; returns the one kept. */
  remember<S>(stream: string, folded: Folded<S>): Folded<S> {
    const cached = this.entries.get(stream) as Folded<S> | undefined;
    if (cached && !newer(folded.revision, cached.revision))
      return cached.revision === folded.revision ? folded : cached;
    return this.touch(stream, folded);
  }

  private touch<S>(stream: string, folded: Folded<S>): Folded<S> {
    this.entries.delete(stream);
    this.entries.set(stream, folded);
    if (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value as string);
    return folded;
  }
}
