import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatorDriver } from '../../../src/adapters/hypervisor/simulator/simulator.ts';
import {
  addImageStore,
  adminWorkflows,
  bootstrap,
  copyImage,
  createAccount,
  createDiskOffering,
  createServiceOffering,
  createTenantDomain,
  createZone,
  deleteImage,
  deleteServiceOffering,
  registerIso,
  registerTemplate,
  rootAdminAccountId,
  rootAdminUserId,
  rootTenantDomainId,
  updateImage,
  updateImagePermissions,
  updateServiceOffering,
} from '../../../src/commands/admin/index.ts';
import type { ActiveImage } from '../../../src/domain/image/index.ts';
import type { Caller } from '../../../src/domain/tenancy/roles.ts';
import {
  as,
  callerOf,
  closeWorld,
  jobEnd,
  openWorld,
  refusal,
  startExecutor,
  type World,
} from './support.ts';

let w: World;
let simulator: SimulatorDriver;
const root: Caller = {
  userId: rootAdminUserId,
  accountId: rootAdminAccountId,
  tenantDomainId: rootTenantDomainId,
  tenantDomainPath: 'ROOT',
  roleType: 'Admin',
};
let zones: string[];
let bare: string;
let acme: string;
let ada: { accountId: string; userId: string; position: string | null };
let adaCaller: Caller;
/** The position of the setup's last event, for read-your-writes. */
let seen: string | null;

const zoneInput = (name: string) => ({
  name,
  networkType: 'Basic' as const,
  dns1: '8.8.8.8',
  internalDns1: '10.0.0.2',
  localStorageEnabled: false,
});

beforeEach(async () => {
  w = await openWorld();
  simulator = new SimulatorDriver();
  const deps = { bus: w.bus, encryptionKey: randomBytes(32) };
  await bootstrap(deps);
  zones = [];
  for (const name of ['z1', 'z2']) {
    const { zoneId } = await createZone(deps, as(root), zoneInput(name));
    await addImageStore(deps, as(root), {
      zoneId,
      name: `s-${name}`,
      provider: 'NFS',
      url: `nfs://nfs/${name}`,
    });
    zones.push(zoneId);
  }
  bare = (await createZone(deps, as(root), zoneInput('no-store'))).zoneId;
  acme = (await createTenantDomain(deps, as(root), { name: 'acme' })).tenantDomainId;
  ada = await createAccount(deps, as(root), {
    tenantDomainId: acme,
    username: 'ada',
    firstname: 'Ada',
    lastname: 'L',
    email: 'ada@example.com',
    password: 'pw-123456',
  });
  seen = ada.position;
  adaCaller = callerOf('User', {
    accountId: ada.accountId,
    userId: ada.userId,
    tenantDomainId: acme,
    tenantDomainPath: 'ROOT/acme',
  });
});
afterEach(async () => {
  await simulator.close();
  await closeWorld(w);
});

const deps = () => ({ bus: w.bus });

const serviceOffering = (domainIds: string[] = [], zoneIds: string[] = []) => ({
  name: 'small',
  sizing: { kind: 'fixed' as const, cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 1024 },
  networkRateMbps: null,
  offerHa: false,
  storageType: 'shared' as const,
  hostTags: [],
  storageTags: [],
  dynamicScalingEnabled: true,
  limitCpuUse: false,
  isSystem: false,
  domainIds,
  zoneIds,
  deploymentPlanner: null,
});

describe('offerings', () => {
  it('a root admin creates, updates and deletes service and disk offerings', async () => {
    const { offeringId } = await createServiceOffering(deps(), as(root), serviceOffering([], [zones[0]!]));
    await updateServiceOffering(deps(), as(root), { offeringId, name: 'small-2', hostTags: ['ssd'] });
    expect((await w.bus.load('serviceOffering', offeringId)).state).toMatchObject({
      status: 'Active',
      name: 'small-2',
      hostTags: ['ssd'],
      zoneIds: [zones[0]],
    });
    await deleteServiceOffering(deps(), as(root), { offeringId });
    expect((await w.bus.load('serviceOffering', offeringId)).state.status).toBe('Removed');
    const disk = await createDiskOffering(deps(), as(root), {
      name: 'data-10',
      sizing: { kind: 'fixed', sizeGiB: 10 },
      storageType: 'shared',
      storageTags: [],
      domainIds: [],
      zoneIds: [],
    });
    expect((await w.bus.load('diskOffering', disk.offeringId)).state).toMatchObject({
      status: 'Active',
      name: 'data-10',
    });
  });

  it('a domain admin manages offerings restricted to its subtree only; users none', async () => {
    const team = (await createTenantDomain(deps(), as(root), { name: 'team', parentId: acme }))
      .tenantDomainId;
    const other = (await createTenantDomain(deps(), as(root), { name: 'other' })).tenantDomainId;
    const admin = callerOf('DomainAdmin', { tenantDomainId: acme, tenantDomainPath: 'ROOT/acme' });
    const own = await createServiceOffering(deps(), as(admin), serviceOffering([team]));
    await updateServiceOffering(deps(), as(admin), { offeringId: own.offeringId, name: 'team-small' });
    const refused = [
      () => createServiceOffering(deps(), as(admin), serviceOffering([])),
      () => createServiceOffering(deps(), as(admin), serviceOffering([other])),
      () => updateServiceOffering(deps(), as(admin), { offeringId: own.offeringId, domainIds: [other] }),
      () => createServiceOffering(deps(), as(adaCaller), serviceOffering([acme])),
    ];
    for (const attempt of refused)
      expect(await refusal(attempt())).toMatchObject({ kind: 'forbidden', code: 'OFFERING_FORBIDDEN' });
    const publicOne = await createServiceOffering(deps(), as(root), serviceOffering());
    expect((await refusal(deleteServiceOffering(deps(), as(admin), publicOne))).kind).toBe('forbidden');
  });

  it('refuses an offering for an unknown zone', async () => {
    expect(
      (await refusal(createServiceOffering(deps(), as(root), serviceOffering([], [randomUUID()])))).code,
    ).toBe('ZONE_NOT_FOUND');
  });
});

const template = (zoneIds: string[] | 'all', extra: Record<string, unknown> = {}) => ({
  name: 'ubuntu',
  url: 'http://images.example.com/ubuntu.qcow2',
  format: 'QCOW2' as const,
  hypervisor: 'Simulator' as const,
  osType: 'Ubuntu 24.04',
  zoneIds,
  sizeBytes: 4 * 1024 ** 3,
  ...extra,
});

const image = async (imageId: string) => (await w.bus.load('image', imageId)).state as ActiveImage;

describe('templates and ISOs', () => {
  beforeEach(() => {
    startExecutor(w, simulator, adminWorkflows());
  });

  it('registers a template at once, then the job downloads it to each zone', async () => {
    const registered = await registerTemplate(deps(), as(adaCaller), template(zones));
    expect(registered.position).not.toBeNull();
    expect(Object.values((await image(registered.imageId)).zones).map((z) => z.status)).toEqual([
      'NOT_DOWNLOADED',
      'NOT_DOWNLOADED',
    ]);
    expect(await jobEnd(w, registered.jobId)).toMatchObject({ status: 'succeeded' });
    const ready = await image(registered.imageId);
    expect(ready.ownerAccountId).toBe(ada.accountId);
    for (const zoneId of zones)
      expect(ready.zones[zoneId]).toMatchObject({
        status: 'DOWNLOADED',
        ready: true,
        sizeBytes: 4 * 1024 ** 3,
      });
  });

  it('records a download error when a zone has no image store, or the download fails', async () => {
    const noStore = await registerTemplate(deps(), as(root), template([bare]));
    expect(await jobEnd(w, noStore.jobId)).toMatchObject({
      status: 'failed',
      errorText: expect.stringContaining(bare),
    });
    expect((await image(noStore.imageId)).zones[bare]).toMatchObject({
      status: 'DOWNLOAD_ERROR',
      ready: false,
    });
    simulator.failWhen({ operation: 'createTemplate', times: 1 });
    const broken = await registerIso(deps(), as(root), {
      name: 'tools',
      url: 'http://x/tools.iso',
      zoneIds: [zones[0]!],
      bootable: false,
      osType: null,
    });
    expect(await jobEnd(w, broken.jobId)).toMatchObject({ status: 'failed' });
    expect((await image(broken.imageId)).zones[zones[0]!]).toMatchObject({ status: 'DOWNLOAD_ERROR' });
  });

  it('registers in every zone with zoneIds "all" (cross-zone)', async () => {
    const everywhere = await registerTemplate(deps(), as(root, { after: seen }), template('all'));
    expect(Object.keys((await image(everywhere.imageId)).zones).sort()).toEqual([...zones, bare].sort());
    expect((await image(everywhere.imageId)).crossZones).toBe(true);
  });

  it('copies a ready template to another zone (async), then deletes one copy and the last', async () => {
    const { imageId, jobId } = await registerTemplate(deps(), as(adaCaller), template([zones[0]!]));
    await jobEnd(w, jobId);
    const copy = await copyImage(deps(), as(adaCaller), {
      imageId,
      kind: 'TEMPLATE',
      sourceZoneId: zones[0]!,
      destinationZoneIds: [zones[1]!],
    });
    expect(await jobEnd(w, copy.jobId)).toMatchObject({
      status: 'succeeded',
      result: { zones: { [zones[1]!]: 'DOWNLOADED' } },
    });
    expect((await image(imageId)).zones[zones[1]!]?.ready).toBe(true);
    const one = await deleteImage(deps(), as(adaCaller), { imageId, kind: 'TEMPLATE', zoneId: zones[0]! });
    expect(await jobEnd(w, one.jobId)).toMatchObject({ status: 'succeeded', result: { status: 'Active' } });
    const last = await deleteImage(deps(), as(adaCaller), { imageId, kind: 'TEMPLATE' });
    expect(await jobEnd(w, last.jobId)).toMatchObject({
      status: 'succeeded',
      result: { status: 'Inactive' },
    });
  });

  it('refuses to delete a template a VM still uses, unless forced', async () => {
    const { imageId, jobId } = await registerTemplate(deps(), as(root), template([zones[0]!]));
    await jobEnd(w, jobId);
    const vmId = randomUUID();
    await w.bus.execute(
      'vm',
      vmId,
      {
        type: 'DeployVm',
        data: {
          vmId,
          name: 'web',
          displayName: 'web',
          accountId: rootAdminAccountId,
          tenantDomainId: rootTenantDomainId,
          userId: rootAdminUserId,
          zoneId: zones[0]!,
          serviceOfferingId: randomUUID(),
          size: { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 },
          image: { kind: 'template', templateId: imageId },
          rootVolumeId: randomUUID(),
          hypervisor: 'Simulator',
          group: null,
          haEnabled: false,
          dynamicallyScalable: false,
          startVm: false,
          now: w.bus.now(),
        },
      },
      as(root).ctx,
    );
    const refused = await deleteImage(deps(), as(root), { imageId, kind: 'TEMPLATE' });
    expect(await jobEnd(w, refused.jobId)).toMatchObject({
      status: 'failed',
      errorText: expect.stringContaining('used by virtual machines'),
    });
    const forced = await deleteImage(deps(), as(root), { imageId, kind: 'TEMPLATE', forced: true });
    expect(await jobEnd(w, forced.jobId)).toMatchObject({
      status: 'succeeded',
      result: { status: 'Inactive' },
    });
  });

  it("updates and changes permissions as the owner; refuses another account's image and featured for users", async () => {
    const { imageId } = await registerTemplate(deps(), as(adaCaller), template([zones[0]!]));
    await updateImage(deps(), as(adaCaller), { imageId, kind: 'TEMPLATE', name: 'ubuntu-lts' });
    await updateImagePermissions(deps(), as(adaCaller), { imageId, kind: 'TEMPLATE', isPublic: true });
    expect(await image(imageId)).toMatchObject({ name: 'ubuntu-lts', isPublic: true });
    expect(
      (
        await refusal(
          updateImagePermissions(deps(), as(adaCaller), { imageId, kind: 'TEMPLATE', isFeatured: true }),
        )
      ).code,
    ).toBe('IMAGE_FEATURED_ADMIN_ONLY');
    const stranger = callerOf('User', { tenantDomainPath: 'ROOT/acme' });
    expect(
      (await refusal(updateImage(deps(), as(stranger), { imageId, kind: 'TEMPLATE', name: 'x' }))).kind,
    ).toBe('forbidden');
    expect(
      (
        await refusal(
          registerTemplate(deps(), as(adaCaller), {
            ...template([zones[0]!]),
            accountId: rootAdminAccountId,
          }),
        )
      ).kind,
    ).toBe('forbidden');
    await updateImagePermissions(deps(), as(root), { imageId, kind: 'TEMPLATE', isFeatured: true });
    expect((await image(imageId)).isFeatured).toBe(true);
  });
});
