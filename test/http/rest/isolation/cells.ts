/**
 * The columns of the matrix: who calls (a user, the domain admin of its domain, the root admin) and
 * whose resource it names, as a relation to the caller: its own account, another account of the same
 * domain, an account of a subdomain, an account of another domain. Each relation is played by one of
 * the parties of the world: alice and bob (users of acme), dave (user of acme/sub), carol (user of
 * other), the domain admin of acme, the root admin.
 */

export const roles = ['user', 'domainAdmin', 'root'] as const;
export type Role = (typeof roles)[number];

export type Party = 'alice' | 'bob' | 'dave' | 'carol' | 'acmeAdmin' | 'root';
export const parties: readonly Party[] = ['alice', 'bob', 'dave', 'carol', 'acmeAdmin', 'root'];

export type Relation = 'own' | 'sameDomain' | 'subdomain' | 'otherDomain';

/** The party each role calls as. */
export const callerOf: Readonly<Record<Role, Party>> = {
  user: 'alice',
  domainAdmin: 'acmeAdmin',
  root: 'root',
};

/** Whose resource each relation names, per role (the root admin's domain holds every other one). */
const ownerOf: Readonly<Record<Role, Partial<Record<Relation, Party>>>> = {
  user: { own: 'alice', sameDomain: 'bob', subdomain: 'dave', otherDomain: 'carol' },
  domainAdmin: { own: 'acmeAdmin', sameDomain: 'alice', subdomain: 'dave', otherDomain: 'carol' },
  root: { own: 'root', otherDomain: 'carol' },
};

/** One cell: a role, and (for resources that have an owner) the relation and the party owning it. */
export type Cell = { readonly role: Role; readonly relation?: Relation; readonly owner?: Party };

export const ownedCells: readonly Cell[] = roles.flatMap((role) =>
  Object.entries(ownerOf[role]).map(([relation, owner]) => ({
    role,
    relation: relation as Relation,
    owner: owner as Party,
  })),
);

/** For what has no owner (infrastructure, tariffs, the catalogue's capabilities): one cell per role. */
export const ownerlessCells: readonly Cell[] = roles.map((role) => ({ role }));

export const cellName = (c: Cell): string => (c.relation ? `${c.role} on ${c.relation}` : c.role);

/**
 * What a cell must answer: `allowed` (authorized: not 401/403/404), `hidden` (exactly what an id that
 * never existed answers, nothing recorded) or `refused` (a 403 on something the caller may see,
 * nothing recorded).
 */
export type Outcome = 'allowed' | 'hidden' | 'refused';
export type Rule = (c: Cell) => Outcome;

const allowedIf =
  (test: (c: Cell) => boolean, otherwise: Outcome = 'hidden'): Rule =>
  (c) =>
    test(c) ? 'allowed' : otherwise;

const inSubtree = (c: Cell) =>
  c.role === 'root' || c.relation === 'own' || (c.role === 'domainAdmin' && c.relation !== 'otherDomain');

/** Access rules, one per access class (CloudStack's checkAccess; cloudstack-domain.md §4). */
export const rules = {
  /** Owned by an account: its owner, the domain admins above it, the root admin. */
  owned: allowedIf(inSubtree),
  /** Tenant domains: the domain admins at or above them and the root admin; users see none. */
  domainAdmins: allowedIf((c) => c.role !== 'user' && inSubtree(c)),
  /** Restricted to the owner's domain: seen in that domain and by the domain admins above it. */
  domainVisible: allowedIf((c) => inSubtree(c) || (c.role === 'user' && c.relation === 'sameDomain')),
  /** Usable for the caller's own account: restricted to its own domain (or an ancestor). */
  usableByCaller: allowedIf(
    (c) => c.relation === 'own' || (c.role !== 'root' && c.relation === 'sameDomain'),
  ),
  /** Owned, but only root admins act (what the others see answers 403, the rest as absent). */
  rootActsOnOwned: (c: Cell): Outcome =>
    c.role === 'root' ? 'allowed' : inSubtree(c) ? 'refused' : 'hidden',
  /** Root admins only; the 403 of the others is the same whether the id exists or not. */
  rootOnly: allowedIf((c) => c.role === 'root'),
  /** Root admins only, on nothing named by id: the others get a 403. */
  rootOnlyRefused: allowedIf((c) => c.role === 'root', 'refused'),
  anyone: (() => 'allowed') as Rule,
} satisfies Record<string, Rule>;

/** A rule with some cells answering otherwise, keyed `role/relation` (or `role` for ownerless cells). */
export const except =
  (rule: Rule, cells: Readonly<Record<string, Outcome>>): Rule =>
  (c) =>
    cells[c.relation ? `${c.role}/${c.relation}` : c.role] ?? rule(c);
