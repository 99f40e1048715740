/** The state of a stream that has no creation event yet. */
export type Absent = { readonly status: 'absent' };

const isAbsent = (state: object): state is Absent => (state as { status?: unknown }).status === 'absent';

/** Applies a change to an existing aggregate; an event on an absent stream changes nothing (evolve never throws). */
export const patchPresent = <T extends object>(
  state: Absent | T,
  change: (current: T) => Partial<T>,
): Absent | T => (isAbsent(state) ? state : { ...state, ...change(state as T) });
