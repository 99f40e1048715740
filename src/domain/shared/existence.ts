import type { DomainError } from './errors.ts';

/**
 * Whether a command finds the stream it needs: a create command a fresh one, any other command one
 * whose creation event is recorded. Each aggregate words the refusal itself.
 */

/** A create command may only start a stream: an id is never reused, not even after removal. */
export const requireNew = <T>(state: T | null, exists: () => DomainError): void => {
  if (state !== null) throw exists();
};

export const requireCreated = <T>(state: T | null, missing: () => DomainError): T => {
  if (state === null) throw missing();
  return state;
};

/** CloudStack marks rows `removed` rather than forgetting them; a removed resource accepts no command. */
export type Removable = { readonly removed: boolean };

export const requireLive = <T extends Removable>(state: T | null, gone: () => DomainError): T => {
  if (state === null || state.removed) throw gone();
  return state;
};
