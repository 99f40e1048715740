import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../../../support/server.ts';
import { expectStatus, type Keys, startAdminServer } from './support.ts';

/**
 * A tenant's catalogue lists are narrowed in SQL, so they page with cursors and count exactly like
 * any list: offerings restricted to another domain never show, on any page or in the total.
 */

let server: TestServer;
let offered: string[];
let user: Keys;
let domainAdmin: Keys;

const offering = (name: string, domainIds: string[]) =>
  expectStatus(server, 201, 'POST', '/v1/disk-offerings', {
    name,
    sizing: { kind: 'fixed', sizeGiB: 5 },
    domainIds,
  });

const member = async (username: string, tenantDomainId: string, accountType: string): Promise<Keys> => {
  const account = await expectStatus(server, 201, 'POST', '/v1/accounts', {
    username,
    firstname: 'F',
    lastname: 'L',
    email: `${username}@example.com`,
    password: 'pw-123456',
    tenantDomainId,
    accountType,
  });
  return expectStatus(server, 201, 'POST', `/v1/users/${account.userId}/keys`);
};

beforeAll(async () => {
  server = await startAdminServer();
  const a = (await expectStatus(server, 201, 'POST', '/v1/domains', { name: 'a' })).id;
  const a1 = (await expectStatus(server, 201, 'POST', '/v1/domains', { name: 'a1', parentId: a })).id;
  const b = (await expectStatus(server, 201, 'POST', '/v1/domains', { name: 'b' })).id;
  offered = [];
  for (let i = 0; i < 4; i++) offered.push((await offering(`everyone-${i}`, [])).id);
  for (let i = 0; i < 5; i++) offered.push((await offering(`a-${i}`, [a])).id);
  for (let i = 0; i < 3; i++) await offering(`b-${i}`, [b]);
  const belowA = [];
  for (let i = 0; i < 2; i++) belowA.push((await offering(`a1-${i}`, [a1])).id);
  user = await member('user-a', a, 'User');
  domainAdmin = await member('admin-a', a, 'DomainAdmin');
  // A domain admin of a also sees what is offered below it; a user of a does not.
  offered.push(...belowA.map((id) => `admin:${id}`));
}, 90_000);
afterAll(() => server?.close());

/** Every page of a list, following the cursor, with the total each page reported. */
const walk = async (keys: Keys, pageSize: number) => {
  const ids: string[] = [];
  const totals = new Set<number>();
  let cursor: string | null = null;
  do {
    const query: string = `/v1/disk-offerings?pageSize=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await expectStatus(server, 200, 'GET', query, undefined, keys);
    ids.push(...page.items.map((i: { id: string }) => i.id));
    totals.add(page.total);
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, totals: [...totals] };
};

describe('catalogue lists of tenants', () => {
  it('page through exactly what a user may use, with one exact total', async () => {
    const expected = offered.filter((id) => !id.startsWith('admin:'));
    const { ids, totals } = await walk(user, 2);
    expect(ids.sort()).toEqual(expected.sort());
    expect(totals).toEqual([expected.length]);
  });

  it('page through what a domain admin may use, its subtree included', async () => {
    const expected = offered.map((id) => id.replace('admin:', ''));
    const { ids, totals } = await walk(domainAdmin, 3);
    expect(ids.sort()).toEqual(expected.sort());
    expect(totals).toEqual([expected.length]);
  });
});
