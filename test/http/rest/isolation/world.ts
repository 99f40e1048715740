import { restRoutes } from '../../../../src/adapters/http/rest/index.ts';
import {
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
} from '../../../../src/commands/admin/tenancy/bootstrap.ts';
import type { Json } from '../../../support/http.ts';
import type { TestServer } from '../../../support/server.ts';
import { expectStatus } from '../admin/support.ts';
import { type Keys, openWorld, type World } from '../tenant/world.ts';
import type { Party } from './cells.ts';

/**
 * The tenant world (tests/http/rest/tenant/world.ts) serving the whole REST API, with one more party,
 * dave, a user of the subdomain acme/sub, and every party's account, user and domain at hand. Keys
 * live in a registry: the matrix registers new keys for some users, which replaces their old ones.
 */

export type PartyInfo = {
  readonly name: Party;
  readonly accountId: string;
  readonly userId: string;
  readonly domainId: string;
};

export type Answer = { readonly status: number; readonly body: Json; readonly headers: Headers };

export type MatrixWorld = {
  readonly tenant: World;
  readonly server: TestServer;
  readonly party: Readonly<Record<Party, PartyInfo>>;
  readonly subId: string;
  /** A request signed with the party's current keys. */
  send(who: Party, method: string, path: string, body?: unknown): Promise<Answer>;
  /** A root admin request that must answer `status`; waits for its read-your-writes position. */
  admin(status: number, method: string, path: string, body?: unknown): Promise<Json>;
  /** After a user's keys were replaced: the new pair signs its next requests. */
  rekey(userId: string, keys: Keys): void;
};

export const openMatrixWorld = async (): Promise<MatrixWorld> => {
  const tenant = await openWorld(restRoutes);
  const { server } = tenant;
  const keys = new Map<string, Keys>([[rootAdminUserId, server.admin]]);
  for (const t of [tenant.alice, tenant.bob, tenant.acmeAdmin, tenant.carol]) keys.set(t.userId, t.keys);

  const admin = (status: number, method: string, path: string, body?: unknown) =>
    expectStatus(server, status, method, path, body, keys.get(rootAdminUserId));

  const sub = await admin(201, 'POST', '/v1/domains', { name: 'sub', parentId: tenant.acmeId });
  const dave = await admin(201, 'POST', '/v1/accounts', {
    username: 'dave',
    firstname: 'dave',
    lastname: 'Test',
    email: 'dave@example.com',
    password: 'pw-dave-123456',
    tenantDomainId: sub.id,
  });
  const daveKeys = await admin(201, 'POST', `/v1/users/${dave.userId}/keys`);
  keys.set(dave.userId, daveKeys);

  const info = (name: Party, t: { accountId: string; userId: string }, domainId: string): PartyInfo => ({
    name,
    accountId: t.accountId,
    userId: t.userId,
    domainId,
  });
  const party: Record<Party, PartyInfo> = {
    alice: info('alice', tenant.alice, tenant.acmeId),
    bob: info('bob', tenant.bob, tenant.acmeId),
    acmeAdmin: info('acmeAdmin', tenant.acmeAdmin, tenant.acmeId),
    dave: info('dave', { accountId: dave.id, userId: dave.userId }, sub.id),
    carol: info('carol', tenant.carol, tenant.otherId),
    root: info('root', { accountId: rootAdminAccountId, userId: rootAdminUserId }, rootTenantDomainId),
  };

  return {
    tenant,
    server,
    party,
    subId: sub.id,
    send: (who, method, path, body) => server.signed(method, path, body, keys.get(party[who].userId)),
    admin,
    rekey: (userId, pair) => {
      keys.set(userId, pair);
    },
  };
};
