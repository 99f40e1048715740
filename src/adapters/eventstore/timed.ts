import type { EventStore } from './port.ts';

/**
 * The store with every append timed, refused or not, by `observe(seconds)` (the event-store append
 * latency metric); everything else passes straight through.
 */
export const timedAppends = (store: EventStore, observe: (seconds: number) => void): EventStore => {
  const timed = async <T>(append: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await append();
    } finally {
      observe((performance.now() - started) / 1000);
    }
  };
  return {
    capabilities: store.capabilities,
    append: (stream, events, expected) => timed(() => store.append(stream, events, expected)),
    appendMany: (appends) => timed(() => store.appendMany(appends)),
    readStream: (stream, options) => store.readStream(stream, options),
    readAll: (options) => store.readAll(options),
    subscribeToAll: (options) => store.subscribeToAll(options),
    headPosition: () => store.headPosition(),
    close: () => store.close(),
  };
};
