import type { Route } from '../../../../src/adapters/http/route.ts';
import type { Credentials, Keys, Probe } from './requests.ts';
import { wrongValueFor } from './wrongValue.ts';

/**
 * The bad requests of one route, generated from its declaration: broken authentication (unless the
 * route is anonymous), a malformed path id, an unknown query field and, for a route with a body, an
 * unknown body field, a wrong type for each field, a body that isn't JSON or isn't an object, and
 * one over the size limit. Each names the problem it must answer.
 */

export type Expected = {
  readonly status: number;
  readonly code: string;
  /** An entry of `errors` with this path (and, with `naming`, a reason naming it). */
  readonly errorPath?: string;
  readonly naming?: string;
};

export type BadRequest = {
  readonly route: string;
  readonly name: string;
  readonly probe: Probe;
  readonly expected: Expected;
};

/** Who sends them: the root admin (so authorization never masks validation), and a dead session. */
export type Senders = { readonly admin: Keys; readonly expiredSession: string };

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method.toUpperCase()} ${r.path}`;

/** A well-formed id of nothing: validation must refuse the request before any lookup. */
const someId = '0b5c1f9e-2b8e-4a57-9a51-3f8e3cc3a0d1';
/** Above the 256 kB body limit. */
const oversized = JSON.stringify({ padding: 'x'.repeat(300 * 1024) });

const unauthenticated: Expected = { status: 401, code: 'UNAUTHENTICATED' };
const invalid = (errorPath: string, naming?: string): Expected => ({
  status: 400,
  code: 'VALIDATION_FAILED',
  errorPath,
  ...(naming !== undefined && { naming }),
});

export const badRequestsFor = (r: Route, senders: Senders): BadRequest[] => {
  const method = r.method.toUpperCase();
  const path = r.path.replace(/:\w+/g, someId);
  const admin: Credentials = { kind: 'signed', keys: senders.admin };
  const body = r.body ? '{}' : undefined;
  const cases: [string, Partial<Probe>, Expected][] = [];

  if (r.auth !== false)
    cases.push(
      ['no credentials', { credentials: { kind: 'none' } }, unauthenticated],
      ['a forged signature', { credentials: { ...admin, forged: true } }, unauthenticated],
      [
        'a signature for another method',
        { credentials: { ...admin, signedFor: { method: method === 'GET' ? 'POST' : 'GET' } } },
        unauthenticated,
      ],
      [
        'a signature for another path',
        { credentials: { ...admin, signedFor: { path: `${path}/other` } } },
        unauthenticated,
      ],
      [
        'an expired session',
        { credentials: { kind: 'bearer', token: senders.expiredSession } },
        unauthenticated,
      ],
    );
  if (r.auth !== false && r.body)
    cases.push([
      'a signature for another body',
      { credentials: { ...admin, signedFor: { body: '{"other":1}' } } },
      unauthenticated,
    ]);
  const [, param] = /:(\w+)/.exec(r.path) ?? [];
  if (param)
    cases.push(['a malformed id', { path: r.path.replace(/:\w+/g, 'not-a-uuid') }, invalid(`path.${param}`)]);
  cases.push(['an unknown query field', { query: { bogusField: '1' } }, invalid('query', 'bogusField')]);
  if (r.body) {
    cases.push(
      ['an unknown body field', { body: JSON.stringify({ bogusField: 1 }) }, invalid('body', 'bogusField')],
      ['a body that is not JSON', { body: '{"name":' }, { status: 400, code: 'MALFORMED_JSON' }],
      ['a body that is not an object', { body: '[]' }, invalid('body')],
      ['an oversized body', { body: oversized }, { status: 413, code: 'BODY_TOO_LARGE' }],
    );
    for (const [field, schema] of Object.entries(r.body.shape)) {
      const wrong = wrongValueFor(schema);
      if (wrong === undefined) throw new Error(`${routeKey(r)}: no wrong value derived for body.${field}`);
      cases.push([
        `${field} = ${JSON.stringify(wrong)}`,
        { body: JSON.stringify({ [field]: wrong }) },
        invalid(`body.${field}`),
      ]);
    }
  }
  return cases.map(([name, probe, expected]) => ({
    route: routeKey(r),
    name,
    probe: { method, path, credentials: admin, ...(body !== undefined && { body }), ...probe },
    expected,
  }));
};
