import { type DomainError, illegalState } from './errors.ts';

/**
 * State machines as data: per state, the inputs (operations, events, admin actions) it allows and the
 * state each leads to. A missing entry is a refusal.
 */
export type TransitionTable<S extends string, O extends string> = Readonly<
  Record<S, Readonly<Partial<Record<O, S>>>>
>;

/**
 * For the admin machines whose self-loops make a repeated call a no-op: the state `input` leads to
 * from `from`, null when that is `from` itself, or the caller's refusal when the table has no such edge.
 */
export const nextState = <S extends string, O extends string>(
  table: TransitionTable<S, O>,
  from: S,
  input: O,
  refuse: () => DomainError,
): S | null => {
  const to = table[from][input];
  if (to === undefined) throw refuse();
  return to === from ? null : to;
};

export type StateMachine<S extends string, O extends string, E extends string> = {
  /** The state `operation` leads to from `status`, or an illegal_state refusal naming the states that allow it. */
  readonly transition: (id: string, status: S, operation: O) => S;
  /** The state an event leaves the aggregate in (evolve applies it). */
  readonly after: (status: S, event: E) => S;
  /** Guards decide against emitting an event that doesn't land where the table says: a bug, not a refusal. */
  readonly assertLands: (status: S, operation: O, event: E) => void;
};

/**
 * A machine whose operations are refused with one generic message, and whose events each name the
 * state they leave the aggregate in (the volume and snapshot aggregates).
 */
export const stateMachine = <S extends string, O extends string, E extends string>(spec: {
  /** Names the aggregate in messages and details (`volume` → `volumeId`). */
  readonly noun: string;
  readonly code: string;
  readonly table: TransitionTable<S, O>;
  /** The words for each operation in a message: "Cannot <verb> volume v1 while it is Creating". */
  readonly verbs: Readonly<Record<O, string>>;
  readonly statusAfter: Readonly<Partial<Record<E, S>>>;
}): StateMachine<S, O, E> => {
  const statuses = Object.keys(spec.table) as S[];
  const transition = (id: string, status: S, operation: O): S => {
    const to = spec.table[status][operation];
    if (to !== undefined) return to;
    const allowed = statuses.filter((s) => spec.table[s][operation] !== undefined);
    throw illegalState(
      spec.code,
      `Cannot ${spec.verbs[operation]} ${spec.noun} ${id} while it is ${status}; it must be ${allowed.join(' or ')}`,
      { [`${spec.noun}Id`]: id, status, operation, allowed },
    );
  };
  const after = (status: S, event: E): S => spec.statusAfter[event] ?? status;
  const assertLands = (status: S, operation: O, event: E): void => {
    const to = spec.table[status][operation];
    if (after(status, event) !== to)
      throw new Error(`${spec.noun}: ${event} from ${status} does not land where ${operation} leads (${to})`);
  };
  return { transition, after, assertLands };
};
