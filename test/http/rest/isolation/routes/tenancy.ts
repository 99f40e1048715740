import { randomUUID } from 'node:crypto';
import { except, type Rule, rules } from '../cells.ts';
import type { Kind } from '../fixtures.ts';
import { type Entry, itemWith, listOf, on } from '../matrix.ts';

/**
 * Domains, accounts, users, keys and limits, as CloudStack allows them: a user sees its own account
 * and user (and changes its own user), a domain admin manages its subtree but not its own domain or
 * account, a root admin everything but its own account. What a caller may see but not change
 * answers 403; what it may not see answers as if it did not exist.
 */

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const profile = () => {
  const username = unique('m');
  return { username, firstname: 'F', lastname: 'L', email: `${username}@example.com`, password: 'pw-123456' };
};
const nothing = () => ({});
const path =
  (kind: string, suffix = '') =>
  (id: string) =>
    `/v1/${kind}/${id}${suffix}`;

/** Users may change their own user only; admins change what they see. */
const adminsOrSelf = except(rules.owned, { 'user/own': 'refused' });
/** Disable, lock, delete an account: never one's own. */
const accountAdmins = except(rules.owned, {
  'user/own': 'refused',
  'domainAdmin/own': 'refused',
  'root/own': 'refused',
});
/** Rename or delete a domain: below one's own only (the root admin's fresh cells are children of ROOT). */
const domainsBelow = except(rules.domainAdmins, {
  'domainAdmin/own': 'refused',
  'domainAdmin/sameDomain': 'refused',
});
const limit = () => ({ type: 'project', max: -1 });

/** The list (unfiltered, by account, by domain) and the get of accounts or users. */
const reads = (kind: 'account' | 'user'): Entry[] => [
  {
    route: `GET /v1/${kind}s`,
    probes: [listOf(kind, rules.owned, `/v1/${kind}s`, itemWith(), { domainKey: 'tenantDomainId' })],
  },
  { route: `GET /v1/${kind}s/:id`, probes: [on(kind, rules.owned, path(`${kind}s`))] },
];

/** An account in a domain, a user in an account: the parent is what the create names. */
const creating = (kind: 'account' | 'user', parent: Kind, rule: Rule, field: string): Entry => ({
  route: `POST /v1/${kind}s`,
  probes: [
    on(
      parent,
      rule,
      () => `/v1/${kind}s`,
      (t) => ({ ...profile(), [field]: t.id }),
    ),
  ],
});

/** Disable, lock and delete an account or a user: each allowed cell on a fresh one. */
const retiring = (kind: 'account' | 'user', rule: Rule): Entry[] =>
  ['/disable', '/lock', ''].map((suffix) => ({
    route: suffix ? `POST /v1/${kind}s/:id${suffix}` : `DELETE /v1/${kind}s/:id`,
    probes: [on(kind, rule, path(`${kind}s`, suffix), undefined, { fresh: kind })],
  }));

export const tenancyEntries: readonly Entry[] = [
  {
    route: 'GET /v1/domains',
    probes: [
      listOf('domain', rules.domainAdmins, '/v1/domains', itemWith(), {
        accountKey: null,
        domainKey: 'tenantDomainId',
      }),
    ],
  },
  { route: 'GET /v1/domains/:id', probes: [on('domain', rules.domainAdmins, path('domains'))] },
  {
    route: 'POST /v1/domains',
    probes: [
      on(
        'domain',
        rules.domainAdmins,
        () => '/v1/domains',
        (t) => ({ name: unique('d'), parentId: t.id }),
      ),
    ],
  },
  {
    route: 'PATCH /v1/domains/:id',
    probes: [
      on('domain', domainsBelow, path('domains'), () => ({ name: unique('renamed') }), { fresh: 'domain' }),
    ],
  },
  {
    route: 'DELETE /v1/domains/:id',
    probes: [on('domain', domainsBelow, path('domains'), undefined, { fresh: 'domain' })],
  },
  {
    route: 'PUT /v1/domains/:id/limits',
    probes: [
      on('domain', except(domainsBelow, { 'root/own': 'refused' }), path('domains', '/limits'), limit),
    ],
  },
  {
    route: 'GET /v1/domains/:id/limits',
    probes: [on('domain', rules.domainAdmins, path('domains', '/limits'))],
  },
  ...reads('account'),
  creating('account', 'domain', rules.domainAdmins, 'tenantDomainId'),
  { route: 'PATCH /v1/accounts/:id', probes: [on('account', adminsOrSelf, path('accounts'), nothing)] },
  {
    route: 'POST /v1/accounts/:id/enable',
    probes: [on('account', adminsOrSelf, path('accounts', '/enable'))],
  },
  ...retiring('account', accountAdmins),
  {
    route: 'PUT /v1/accounts/:id/limits',
    probes: [
      on(
        'account',
        except(rules.owned, { 'user/own': 'refused', 'domainAdmin/own': 'refused' }),
        path('accounts', '/limits'),
        limit,
      ),
    ],
  },
  { route: 'GET /v1/accounts/:id/limits', probes: [on('account', rules.owned, path('accounts', '/limits'))] },
  ...reads('user'),
  creating('user', 'account', adminsOrSelf, 'accountId'),
  {
    route: 'PATCH /v1/users/:id',
    probes: [on('user', rules.owned, path('users'), () => ({ firstname: 'Renamed' }))],
  },
  {
    route: 'PUT /v1/users/:id/password',
    probes: [on('user', rules.owned, path('users', '/password'), () => ({ password: 'pw-changed-123456' }))],
  },
  { route: 'POST /v1/users/:id/enable', probes: [on('user', adminsOrSelf, path('users', '/enable'))] },
  // An admin's own cell is another user of its own account: locking itself would end the suite.
  ...retiring('user', adminsOrSelf),
  {
    route: 'POST /v1/users/:id/keys',
    probes: [
      // New keys replace the user's old ones: the registry signs its next requests with them.
      on('user', rules.owned, path('users', '/keys'), undefined, {
        after: async (answer, x) => {
          x.w.rekey(answer.body.userId, { apiKey: answer.body.apiKey, secretKey: answer.body.secretKey });
          await x.w.server.settle(answer.headers.get('x-position'));
        },
      }),
    ],
  },
];
