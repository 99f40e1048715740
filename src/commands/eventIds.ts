import { v5 as uuidv5 } from 'uuid';

/** Fixed namespace for Skyledger's name-based (v5) event ids. */
const namespace = '6f1d3a52-7c0e-4d8e-9b61-5a3c2f0e9d17';

/**
 * Deterministic event ids: the same cause, stream and index always give the same id, so a
 * redelivered event or a retried command produces ids the store recognises as already written.
 */
export const deterministicEventId = (cause: string, stream: string, index: number): string =>
  uuidv5(`${cause}|${stream}|${index}`, namespace);
