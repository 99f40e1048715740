import { forbidden, illegalState, nextState, notFound, type TransitionTable } from '../shared/index.ts';

/**
 * Accounts and users share CloudStack's enabled / disabled / locked machine (reference §4): a locked
 * one is refused at login but keeps its resources; only an enabled one can be locked. Deletion marks
 * them `removed`. The bootstrap root admin account and user can never be disabled, locked or deleted,
 * so the cloud always keeps an administrator.
 */
export type Enablement = 'enabled' | 'disabled' | 'locked';
export type EnablementAction = 'enable' | 'disable' | 'lock';
export type MemberStatus = Enablement | 'removed';

/** The state each action leads to; a missing entry is a refusal, the same state means nothing to do. */
export const enablementTransitions: TransitionTable<Enablement, EnablementAction> = {
  enabled: { enable: 'enabled', disable: 'disabled', lock: 'locked' },
  disabled: { enable: 'enabled', disable: 'disabled' },
  locked: { enable: 'enabled', disable: 'disabled', lock: 'locked' },
};

const actionDone: Readonly<Record<EnablementAction, string>> = {
  enable: 'enabled',
  disable: 'disabled',
  lock: 'locked',
};

/** `ACCOUNT` or `USER`: prefixes the error codes (`ACCOUNT_NOT_FOUND`, `USER_REMOVED`, ...). */
export type MemberKind = 'ACCOUNT' | 'USER';

type Member = { readonly status: MemberStatus; readonly bootstrap: boolean };
export type Live<T extends Member> = T & { readonly status: Enablement };

/** The member a command is about: it must exist and not be removed. */
export const requireLive = <T extends Member>(
  kind: MemberKind,
  state: { readonly status: 'absent' } | T,
  id: string,
): Live<T> => {
  const what = kind.toLowerCase();
  if (state.status === 'absent')
    throw notFound(`${kind}_NOT_FOUND`, `The ${what} ${id} does not exist.`, { id });
  const member = state as T;
  if (member.status === 'removed')
    throw illegalState(`${kind}_REMOVED`, `The ${what} ${id} has been deleted.`, { id });
  return member as Live<T>;
};

/** `name` is the account name or username, for messages. */
export const assertNotBootstrap = (kind: MemberKind, member: Member, name: string, action: string): void => {
  if (member.bootstrap)
    throw forbidden(
      `${kind}_BOOTSTRAP_PROTECTED`,
      `The ${kind.toLowerCase()} ${name} was created at installation and cannot be ${action}.`,
      { name },
    );
};

/**
 * The state `action` moves a live member to, or null when it is already there. Refuses locking a
 * member that is not enabled, and disabling or locking the bootstrap member.
 */
export const enablementTarget = (
  kind: MemberKind,
  member: Live<Member>,
  name: string,
  action: EnablementAction,
): Enablement | null => {
  if (action !== 'enable') assertNotBootstrap(kind, member, name, actionDone[action]);
  const what = kind.toLowerCase();
  return nextState(enablementTransitions, member.status, action, () =>
    illegalState(
      `${kind}_NOT_ENABLED`,
      `The ${what} ${name} is ${member.status}; only an enabled ${what} can be ${actionDone[action]}. Enable it first.`,
      { name, state: member.status, action },
    ),
  );
};
