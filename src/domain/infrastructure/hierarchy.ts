import { maxNameLength, requireName } from '../shared/index.ts';

/**
 * What zones, pods, clusters, hosts, storage pools and image stores share: the Enabled/Disabled
 * allocation machine (a new zone, pod or cluster starts Disabled, §2.4) and the wording of their
 * name check.
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

/**
 * The event an Enable/Disable command records, or none when the resource already is in that state.
 * `types` names each aggregate's events (`{ Enabled: 'ZoneEnabled', Disabled: 'ZoneDisabled' }`).
 */
export const allocationEvents = <T extends string, D>(
  current: AllocationState,
  action: AllocationAction,
  types: Readonly<Record<AllocationState, T>>,
  data: D,
): { readonly type: T; readonly data: D }[] => {
  const next = allocationChange(current, action);
  return next === null ? [] : [{ type: types[next], data }];
};

/** Trims a resource's display name and refuses an empty or over-long one (`what`: "zone", "storage pool"). */
export const requireResourceName = (name: string, code: string, what: string): string =>
  requireName(name, code, `A ${what} needs a name of 1 to ${maxNameLength} characters`);
