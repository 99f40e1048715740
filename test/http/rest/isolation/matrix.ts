import type { Json } from '../../../support/http.ts';
import type { Party, Rule } from './cells.ts';
import type { Fixtures, Kind } from './fixtures.ts';
import type { Answer, MatrixWorld } from './world.ts';

/**
 * One entry per route of the REST API (`METHOD /path` as restRoutes declares it), each with one or
 * more probes: a request naming a resource of some kind, and the rule saying which cells may do it.
 */

/** The resource a request names, and its owner (none for infrastructure). */
export type Target = { readonly id: string; readonly owner?: Party };

/** What a probe's request is built from: the fixtures, the world, and who calls. */
export type Context = { readonly f: Fixtures; readonly w: MatrixWorld; readonly caller: Party };

export type Request = { readonly path: string; readonly body?: unknown };

export type Probe = {
  /** What the request names, when it is not the route's obvious resource (e.g. `templateId`). */
  readonly label?: string;
  /** The kind of resource the request's id names; none for requests that name nothing. */
  readonly target?: Kind;
  /** Allowed cells act on a fresh resource of this kind (the request destroys, locks or empties it). */
  readonly fresh?: Kind;
  readonly rule: Rule;
  readonly request: (t: Target, x: Context) => Request;
  /**
   * For lists and exports: the queries to ask (unfiltered, then filtered by the owner's account or
   * domain), each answering the resource when the cell is allowed and never when it is not.
   */
  readonly list?: {
    readonly queries: (t: Target, x: Context) => readonly string[];
    readonly found: (body: Json, t: Target) => boolean;
  };
  /** Runs after an allowed answer (new keys replace the user's old ones). */
  readonly after?: (answer: Answer, x: Context) => Promise<void>;
};

export type Entry = { readonly route: string; readonly probes: readonly Probe[] };

/** An id that never existed: what a hidden resource must answer like. */
export const absentId = '0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1';

/** A probe on the resource named in the path (and body) built from its id. */
export const on = (
  target: Kind,
  rule: Rule,
  path: (id: string, x: Context) => string,
  body?: (t: Target, x: Context) => unknown,
  extra: Partial<Probe> = {},
): Probe => ({
  target,
  rule,
  request: (t, x) => ({ path: path(t.id, x), ...(body && { body: body(t, x) }) }),
  ...extra,
});

/** A probe naming nothing (creates, lists of infrastructure, the caller's own session…). */
export const plain = (rule: Rule, path: string, body?: () => unknown): Probe => ({
  rule,
  request: () => ({ path, ...(body && { body: body() }) }),
});

/** Items of a page whose `field` is the target. */
export const itemWith =
  (field = 'id') =>
  (body: Json, t: Target): boolean =>
    Array.isArray(body?.items) && body.items.some((i: Json) => i[field] === t.id);

/** A text export that mentions the target. */
export const mentions = (body: Json, t: Target): boolean => typeof body === 'string' && body.includes(t.id);

/**
 * A list or export of owned resources: asked unfiltered and filtered by the owner's account and its
 * domain (`accountKey` / `domainKey` name those filters), with `query` the rest of each query string.
 */
export const listOf = (
  target: Kind,
  rule: Rule,
  path: string,
  found: (body: Json, t: Target) => boolean,
  {
    query = 'pageSize=1000',
    accountKey = 'accountId',
    domainKey = 'domainId',
    extra,
  }: {
    query?: string | ((t: Target, x: Context) => string);
    accountKey?: string | null;
    domainKey?: string | null;
    extra?: (t: Target, x: Context) => readonly string[];
  } = {},
): Probe => ({
  target,
  rule,
  request: () => ({ path }),
  list: {
    queries: (t, x) => {
      const q = typeof query === 'string' ? query : query(t, x);
      const owner = x.w.party[t.owner!];
      return [
        `${path}?${q}`,
        ...(accountKey ? [`${path}?${q}&${accountKey}=${owner.accountId}`] : []),
        ...(domainKey ? [`${path}?${q}&${domainKey}=${owner.domainId}`] : []),
        ...(extra?.(t, x) ?? []),
      ];
    },
    found,
  },
});
