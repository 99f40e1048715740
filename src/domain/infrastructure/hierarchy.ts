import { type DomainError, invalid } from '../shared/index.ts';

/**
 * What zones, pods, clusters, hosts, storage pools and image stores share: the Enabled/Disabled
 * allocation machine (a new zone, pod or cluster starts Disabled, §2.4), the "must exist and not be
 * removed" guard, and name checks.
 */

export const allocationStates = ['Enabled', 'Disabled'] as const;
export type AllocationState = (typeof allocationStates)[number];
export type AllocationAction = 'Enable' | 'Disable';

/** Enabling an enabled resource is a no-op rather than an error, so retried admin calls are harmless. */
export const allocationTransitions: Readonly<
  Record<AllocationState, Readonly<Record<AllocationAction, AllocationState>>>
> = {
  Enabled: { Enable: 'Enabled', Disable: 'Disabled' },
  Disabled: { Enable: 'Enabled', Disable: 'Disabled' },
};

/** The new allocation state, or null when the action changes nothing. */
export const allocationChange = (
  current: AllocationState,
  action: AllocationAction,
): AllocationState | null => {
  const next = allocationTransitions[current][action];
  return next === current ? null : next;
};

/** CloudStack marks rows `removed` rather than forgetting them; a removed resource accepts no command. */
export type Removable = { readonly removed: boolean };

export const requireLive = <T extends Removable>(state: T | null, gone: () => DomainError): T => {
  if (state === null || state.removed) throw gone();
  return state;
};

/** A create command may only start a stream: an id is never reused, not even after removal. */
export const requireNew = <T>(state: T | null, exists: () => DomainError): void => {
  if (state !== null) throw exists();
};

export const maxNameLength = 255;

/** Trims a display name and refuses an empty or over-long one. */
export const requireName = (name: string, code: string, what: string): string => {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > maxNameLength)
    throw invalid(code, `A ${what} needs a name of 1 to ${maxNameLength} characters`, { name });
  return trimmed;
};

/** Tags compare as sets: trimmed, empty ones dropped, duplicates removed, sorted for stable events. */
export const normaliseTags = (tags: readonly string[]): string[] =>
  [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))].sort();

export const sameTags = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((tag, i) => tag === b[i]);

/** Drops the fields a partial update left out (undefined), keeping explicit nulls that clear a value. */
export const definedOnly = <T extends object>(fields: T): Partial<T> =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;

/** The keys whose values differ between two versions of a settings record. */
export const changedKeys = <T extends object>(before: T, after: T): (keyof T)[] =>
  (Object.keys(after) as (keyof T)[]).filter((key) => after[key] !== before[key]);
