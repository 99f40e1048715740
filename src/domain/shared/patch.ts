/**
 * Partial updates: an update command names only what it changes, and its event records only what
 * really changed, so a no-op update appends nothing.
 */

/** The subset of `patch` whose values differ from `current` (arrays compared by content). */
export const changedFields = <P extends object>(
  current: Partial<Record<keyof P, unknown>>,
  patch: P,
): Partial<P> => {
  const changes: Partial<P> = {};
  for (const key of Object.keys(patch) as (keyof P)[]) {
    const next = patch[key];
    if (next !== undefined && JSON.stringify(next) !== JSON.stringify(current[key])) changes[key] = next;
  }
  return changes;
};

/**
 * Applies a partial update, skipping absent (undefined) keys so a replayed or partial update never
 * blanks a field; an explicit null is a value and clears an optional one.
 */
export const mergeChanges = <T extends object>(current: T, changes: Partial<T>): T => {
  const next = { ...current };
  for (const key of Object.keys(changes) as (keyof T)[]) {
    const value = changes[key];
    if (value !== undefined) next[key] = value as T[keyof T];
  }
  return next;
};

/**
 * A settings update: the current settings with the given fields replaced, checked by `validate`
 * (which may normalise them), or null when nothing would change.
 */
export const updatedSettings = <S extends object>(
  current: S,
  changes: Partial<S>,
  validate: (settings: S) => S,
): S | null => {
  const next = validate(mergeChanges(current, changes));
  return Object.keys(changedFields(current, next)).length > 0 ? next : null;
};
