import { z } from 'zod';
import { invalid, maxNameLength } from '../shared/index.ts';

/** Payload fields shared by the tenancy and quota event schemas. */
export const entityId = z.uuid();
export const timestamp = z.iso.datetime();

/**
 * Names of tenant domains, accounts and users are compared without case, like CloudStack's
 * case-insensitive database collation: `Acme` and `acme` cannot live side by side.
 */
export const nameKey = (name: string): string => name.toLowerCase();

/** Refuses an empty, over-long or padded name, or one holding a character the caller forbids. */
export const assertValidName = (code: string, what: string, name: string, forbidden = ''): void => {
  const problem =
    name.trim().length === 0
      ? 'must not be empty'
      : name !== name.trim()
        ? 'must not start or end with spaces'
        : name.length > maxNameLength
          ? `must be at most ${maxNameLength} characters`
          : [...forbidden].some((c) => name.includes(c))
            ? `must not contain any of ${[...forbidden].map((c) => `"${c}"`).join(', ')}`
            : null;
  if (problem !== null) throw invalid(code, `The ${what} "${name}" ${problem}.`, { name });
};

/** Which name each holder (child domain, account, user id) has reserved in a tenant domain. */
export type NameRegistry = Readonly<Record<string, string>>;

export const holderOf = (registry: NameRegistry, name: string): string | undefined =>
  Object.keys(registry).find((holder) => nameKey(registry[holder] as string) === nameKey(name));

export const withHolder = (registry: NameRegistry, holder: string, name: string): NameRegistry => ({
  ...registry,
  [holder]: name,
});

export const withoutHolder = (registry: NameRegistry, holder: string): NameRegistry => {
  const { [holder]: _removed, ...rest } = registry;
  return rest;
};

/** What reserving `name` for `holder` means: already done, taken by someone else, or a (re)naming. */
export type ReservationPlan =
  | { readonly kind: 'held' }
  | { readonly kind: 'taken'; readonly by: string }
  | { readonly kind: 'reserve'; readonly previousName: string | null };

export const planReservation = (registry: NameRegistry, holder: string, name: string): ReservationPlan => {
  const current = registry[holder];
  if (current === name) return { kind: 'held' };
  const by = holderOf(registry, name);
  // A holder may change the case of its own name.
  if (by !== undefined && by !== holder) return { kind: 'taken', by };
  return { kind: 'reserve', previousName: current ?? null };
};
