/**
 * The shapes every aggregate shares. A decider is pure: `decide` reads only the command and the
 * state (time and new ids arrive inside the command), `evolve` never throws so any history replays.
 */
export type Event<Type extends string = string, Data = unknown> = {
  readonly type: Type;
  readonly data: Data;
};

export type Command<Type extends string = string, Data = unknown> = {
  readonly type: Type;
  readonly data: Data;
};

export type Decider<C extends Command, S, E extends Event> = {
  /** A fresh state: a function, so callers never share mutable defaults. */
  readonly initialState: () => S;
  /** Applies one recorded event. Unknown or out-of-place events leave the state as it was. */
  readonly evolve: (state: S, event: E) => S;
  /** The events a command produces, or a thrown DomainError when a rule refuses it. */
  readonly decide: (command: C, state: S) => readonly E[];
};

/** Folds a history into a state. */
export const fold = <S, E extends Event>(
  decider: Pick<Decider<Command, S, E>, 'initialState' | 'evolve'>,
  events: readonly E[],
): S => events.reduce(decider.evolve, decider.initialState());
