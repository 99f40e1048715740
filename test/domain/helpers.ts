import type { Command } from '../../src/domain/shared/index.ts';
import { DomainError } from '../../src/domain/shared/index.ts';

/** Helpers the domain specs share (test/support holds the given/when/then runner). */

/** A typed builder for one aggregate's commands: `commandOf<VolumeCommand>()('PlaceVolume', {...})`. */
export const commandOf =
  <C extends Command>() =>
  <T extends C['type']>(type: T, data: Extract<C, { type: T }>['data']): Extract<C, { type: T }> =>
    ({ type, data }) as Extract<C, { type: T }>;

/** The DomainError `run` throws; anything else it throws propagates, and throwing nothing fails. */
export const refusalOf = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
};

/** The code of the DomainError `run` throws, or null when it accepts. */
export const refusalCodeOf = (run: () => unknown): string | null => {
  try {
    run();
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};
