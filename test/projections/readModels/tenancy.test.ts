import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accounts,
  diskOfferings,
  resourceCounts,
  resourceLimits,
  serviceOfferings,
  tenantDomains,
  users,
} from '../../../src/projections/readModels/index.ts';
import { type Harness, newId, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    tenantDomains,
    accounts,
    users,
    resourceCounts,
    resourceLimits,
    serviceOfferings,
    diskOfferings,
  ]);
});
afterAll(() => h.close());

const at = '2025-03-01T10:00:00.000Z';

describe('tenant domains', () => {
  it('records a domain with its parent and path, and its children on its own row', async () => {
    const root = newId();
    const child = newId();
    await h.record(`tenantdomain-${root}`, [
      {
        type: 'TenantDomainCreated',
        data: { tenantDomainId: root, name: 'ROOT', parentId: null, path: 'ROOT', createdAt: at },
      },
      { type: 'ChildDomainAdded', data: { tenantDomainId: root, childId: child, name: 'sales' } },
    ]);
    await h.record(`tenantdomain-${child}`, [
      {
        type: 'TenantDomainCreated',
        data: { tenantDomainId: child, name: 'sales', parentId: root, path: 'ROOT/sales', createdAt: at },
      },
    ]);
    await h.settle();
    expect(await h.row('tenant_domains', child)).toMatchObject({
      name: 'sales',
      parent_id: root,
      recorded_path: 'ROOT/sales',
      state: 'active',
    });
    expect((await h.row('tenant_domains', root))?.aggregate).toMatchObject({
      children: { [child]: 'sales' },
    });
  });

  it('renames and deletes a domain', async () => {
    const id = newId();
    const parentId = newId();
    await h.record(`tenantdomain-${id}`, [
      {
        type: 'TenantDomainCreated',
        data: { tenantDomainId: id, name: 'a', parentId, path: 'ROOT/a', createdAt: at },
      },
      {
        type: 'TenantDomainRenamed',
        data: { tenantDomainId: id, parentId, name: 'b', previousName: 'a', path: 'ROOT/b', renamedAt: at },
      },
      {
        type: 'TenantDomainDeletionStarted',
        data: { tenantDomainId: id, path: 'ROOT/b', childIds: [], accountIds: [], startedAt: at },
      },
      {
        type: 'TenantDomainDeleted',
        data: { tenantDomainId: id, parentId, name: 'b', path: 'ROOT/b', deletedAt: at },
      },
    ]);
    await h.settle();
    expect(await h.row('tenant_domains', id)).toMatchObject({
      name: 'b',
      recorded_path: 'ROOT/b',
      state: 'deleted',
      removed_at: expect.any(String),
    });
  });
});

describe('accounts', () => {
  it('records an account, then locked, renamed and enabled', async () => {
    const owner = { accountId: newId(), tenantDomainId: newId() };
    await h.record(`account-${owner.accountId}`, [
      {
        type: 'AccountCreated',
        data: { ...owner, name: 'acme', type: 'User', roleId: newId(), bootstrap: false, createdAt: at },
      },
      { type: 'AccountLocked', data: { ...owner, lockedAt: at } },
    ]);
    await h.settle();
    expect(await h.row('accounts', owner.accountId)).toMatchObject({
      name: 'acme',
      type: 'User',
      state: 'locked',
    });
    const roleId = newId();
    await h.record(`account-${owner.accountId}`, [
      {
        type: 'AccountUpdated',
        data: { ...owner, name: 'acme2', previousName: 'acme', roleId, updatedAt: at },
      },
      { type: 'AccountEnabled', data: { ...owner, enabledAt: at } },
    ]);
    await h.settle();
    expect(await h.row('accounts', owner.accountId)).toMatchObject({
      name: 'acme2',
      role_id: roleId,
      state: 'enabled',
      tenant_domain_id: owner.tenantDomainId,
    });
  });
});

describe('users', () => {
  it('shows the api key but never the password hash or the api secret', async () => {
    const owner = { userId: newId(), accountId: newId(), tenantDomainId: newId() };
    const profile = { username: 'alice', firstname: 'Alice', lastname: 'A', email: 'a@example.com' };
    await h.record(`user-${owner.userId}`, [
      {
        type: 'UserCreated',
        data: { ...owner, ...profile, passwordHash: 'HASH-SHOULD-NOT-LEAK', bootstrap: false, createdAt: at },
      },
      {
        type: 'UserPasswordChanged',
        data: { ...owner, passwordHash: 'HASH2-SHOULD-NOT-LEAK', changedAt: at },
      },
      {
        type: 'UserKeysRegistered',
        data: {
          ...owner,
          apiKey: 'the-api-key',
          encryptedSecret: 'SECRET-SHOULD-NOT-LEAK',
          previousApiKey: null,
          registeredAt: at,
        },
      },
      { type: 'UserDisabled', data: { ...owner, disabledAt: at } },
    ]);
    await h.settle();
    const row = await h.row('users', owner.userId);
    expect(row).toMatchObject({
      username: 'alice',
      api_key: 'the-api-key',
      state: 'disabled',
      account_id: owner.accountId,
    });
    expect(JSON.stringify(row)).not.toMatch(/SHOULD-NOT-LEAK/);
  });
});

describe('resource counts and limits', () => {
  const ledger = { scope: 'account' as const, ownerId: newId() };
  const id = (type: string) => `account:${ledger.ownerId}:${type}`;

  it('counts committed usage and pending reservations per resource type', async () => {
    const [r1, r2, r3] = [newId(), newId(), newId()];
    const held = (reservationId: string, resources: Record<string, number>) => ({
      ...ledger,
      reservationId,
      resources,
    });
    const vm = { user_vm: 1, cpu: 2, memory: 2048 };
    await h.record(`quota_account-${ledger.ownerId}`, [
      { type: 'QuotaReserved', data: { ...held(r1, vm), reservedAt: at, expiresAt: at } },
      { type: 'QuotaReserved', data: { ...held(r2, vm), reservedAt: at, expiresAt: at } },
      {
        type: 'QuotaReserved',
        data: { ...held(r3, { volume: 1, primary_storage: 10_737_418_240 }), reservedAt: at, expiresAt: at },
      },
      { type: 'QuotaCommitted', data: { ...held(r1, vm), committedAt: at } },
      {
        type: 'QuotaCommitted',
        data: { ...held(r3, { volume: 1, primary_storage: 10_737_418_240 }), committedAt: at },
      },
      { type: 'QuotaReservationExpired', data: { ...held(r2, vm), expiredAt: at } },
    ]);
    await h.settle();
    const rows = await h.rows('resource_counts');
    expect(rows[id('user_vm')]).toMatchObject({
      count: 1,
      reserved: 0,
      resource_type: 'user_vm',
      scope: 'account',
    });
    expect(rows[id('memory')]).toMatchObject({ count: 2048, reserved: 0 });
    expect(rows[id('primary_storage')]).toMatchObject({ count: 10_737_418_240, reserved: 0 });

    await h.record(`quota_account-${ledger.ownerId}`, [
      { type: 'QuotaReleased', data: { ...held(r1, vm), from: 'count', releasedAt: at } },
    ]);
    await h.settle();
    expect((await h.rows('resource_counts'))[id('cpu')]).toMatchObject({ count: 0, reserved: 0 });
  });

  it('records explicit limits per resource type', async () => {
    await h.record(`quota_account-${ledger.ownerId}`, [
      { type: 'LimitSet', data: { ...ledger, type: 'user_vm', max: 20, setAt: at } },
      { type: 'LimitSet', data: { ...ledger, type: 'user_vm', max: 5, setAt: at } },
      { type: 'LimitSet', data: { ...ledger, type: 'cpu', max: -1, setAt: at } },
    ]);
    await h.settle();
    const rows = await h.rows('resource_limits');
    expect(rows[id('user_vm')]).toMatchObject({ max: 5 });
    expect(rows[id('cpu')]).toMatchObject({ max: -1 });
  });
});

const offering = (offeringId: string, name: string) => ({
  offeringId,
  name,
  displayText: `${name} offering`,
  storageType: 'shared' as const,
  storageTags: ['ssd'],
  domainIds: [],
  zoneIds: ['zone-a'],
});

describe('offerings', () => {
  it('records a fixed service offering, its update and its removal', async () => {
    const offeringId = newId();
    await h.record(`serviceoffering-${offeringId}`, [
      {
        type: 'ServiceOfferingCreated',
        data: {
          ...offering(offeringId, 'small'),
          sizing: { kind: 'fixed', cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
          networkRateMbps: null,
          offerHa: true,
          hostTags: ['gpu'],
          dynamicScalingEnabled: true,
          limitCpuUse: false,
          isSystem: false,
          deploymentPlanner: null,
          createdAt: at,
        },
      },
      {
        type: 'ServiceOfferingUpdated',
        data: { offeringId, changes: { displayText: 'Small VM', hostTags: [] } },
      },
    ]);
    await h.settle();
    expect(await h.row('service_offerings', offeringId)).toMatchObject({
      name: 'small',
      display_text: 'Small VM',
      custom: false,
      cpu_number: 1,
      memory_mib: 1024,
      host_tags: [],
      offer_ha: true,
      zone_ids: ['zone-a'],
      state: 'Active',
    });
    await h.record(`serviceoffering-${offeringId}`, [
      { type: 'ServiceOfferingDeleted', data: { offeringId, name: 'small', removedAt: at } },
    ]);
    await h.settle();
    expect(await h.row('service_offerings', offeringId)).toMatchObject({
      state: 'Removed',
      removed_at: expect.any(String),
    });
  });

  it('records a custom disk offering with its QoS', async () => {
    const offeringId = newId();
    const qos = {
      minIops: null,
      maxIops: null,
      bytesReadRate: 1000,
      bytesWriteRate: null,
      iopsReadRate: null,
      iopsWriteRate: null,
    };
    await h.record(`diskoffering-${offeringId}`, [
      {
        type: 'DiskOfferingCreated',
        data: {
          ...offering(offeringId, 'custom'),
          sizing: { kind: 'custom', minSizeGiB: 1, maxSizeGiB: 100 },
          qos,
          createdAt: at,
        },
      },
    ]);
    await h.settle();
    expect(await h.row('disk_offerings', offeringId)).toMatchObject({ custom: true, size_gib: null, qos });
  });
});
