import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventSchemas } from '../../../src/domain/events.ts';
import { auditedEventTypes, auditFactsOf, auditLog } from '../../../src/projections/readModels/index.ts';
import { type Harness, newId, startHarness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness([auditLog]);
});
afterAll(() => h.close());

const at = '2025-03-01T10:00:00.000Z';
const owner = { accountId: newId(), tenantDomainId: newId() };
const actor = { userId: 'user-7', accountId: 'admin-acct', tenantDomainId: 'root' };

const auditRows = async (resourceId: string) =>
  (
    await h.db.pool.query<{ row: Record<string, unknown> }>(
      'SELECT to_jsonb(t) AS row FROM audit_log t WHERE resource_id = $1 ORDER BY position',
      [resourceId],
    )
  ).rows.map((r) => r.row);

describe('audit log', () => {
  it('names every registered event type, in CloudStack style', () => {
    expect([...auditedEventTypes].sort()).toEqual(Object.keys(eventSchemas).sort());
    for (const type of auditedEventTypes)
      expect(
        auditFactsOf(type, {
          kind: 'TEMPLATE',
          scope: 'account',
          event: 'Enable',
          action: 'Enable',
          to: 'Up',
          from: 'Up',
        })?.name,
      ).toMatch(/^[A-Z_]+(\.[A-Z_]+)+$/);
  });

  it('records a VM lifecycle as VM.CREATE, VM.START and VM.STOP, with actor, owner and level', async () => {
    const vmId = newId();
    const ref = { vmId, ...owner, zoneId: 'zone-1' };
    const size = { cpuNumber: 1, cpuSpeedMhz: 1000, memoryMiB: 512 };
    const usage = (hostId: string | null) => ({
      ...ref,
      name: 'db-1',
      serviceOfferingId: 'o1',
      image: { kind: 'template' as const, templateId: 't1' },
      size,
      hypervisor: 'KVM' as const,
      hostId,
    });
    await h.record(
      `vm-${vmId}`,
      [
        {
          type: 'VmCreated',
          data: {
            ...usage(null),
            displayName: 'db-1',
            userId: 'user-7',
            rootVolumeId: 'root-1',
            group: null,
            haEnabled: false,
            templateDynamicallyScalable: false,
            dynamicScalingEnabled: false,
            startVm: true,
            createdAt: at,
          },
        },
        { type: 'VmStartRequested', data: { ...ref, hostId: 'h1', podId: 'p1', clusterId: 'c1', size } },
        { type: 'VmStartFailed', data: { ...ref, hostId: 'h1', reason: 'hypervisor refused' } },
      ],
      actor,
    );
    await h.settle();
    const rows = await auditRows(vmId);
    expect(rows.map((r) => [r.type, r.level, r.state])).toEqual([
      ['VM.CREATE', 'INFO', 'Completed'],
      ['VM.START', 'INFO', 'Started'],
      ['VM.START', 'ERROR', 'Completed'],
    ]);
    expect(rows[0]).toMatchObject({
      event_type: 'VmCreated',
      resource_type: 'VirtualMachine',
      resource_name: 'db-1',
      user_id: 'user-7',
      account_id: owner.accountId,
      tenant_domain_id: owner.tenantDomainId,
      description: 'Vm created: VirtualMachine db-1',
    });
    expect(rows[1]?.related_ids).toEqual(expect.arrayContaining(['h1', 'p1', 'c1', 'zone-1']));
    expect(rows[2]?.description).toBe(`Vm start failed: VirtualMachine ${vmId} (hypervisor refused)`);
  });

  it('names volumes, snapshots and templates, and the policy of a volume stream', async () => {
    const volumeId = newId();
    const facts = {
      volumeId,
      type: 'DATADISK' as const,
      ...owner,
      zoneId: 'z',
      diskOfferingId: null,
      sizeBytes: 10,
    };
    await h.record(`volume-${volumeId}`, [
      { type: 'VolumeAllocated', data: { ...facts, name: 'data', fromSnapshotId: null, createdAt: at } },
      { type: 'VolumeAttached', data: { ...facts, vmId: 'vm-x', deviceId: 1 } },
    ]);
    const snapshotId = newId();
    await h.record(`snapshot-${snapshotId}`, [
      {
        type: 'SnapshotAllocated',
        data: {
          snapshotId,
          volumeId,
          ...owner,
          zoneId: 'z',
          snapshotType: 'MANUAL',
          policyId: null,
          volumeSizeBytes: 10,
          physicalSizeBytes: null,
          name: 's',
          hypervisor: 'KVM',
          createdAt: at,
        },
      },
    ]);
    const policyId = newId();
    await h.record(`snapshotpolicy-${volumeId}`, [
      {
        type: 'SnapshotPolicyCreated',
        data: {
          policyId,
          volumeId,
          intervalType: 'DAILY',
          ...owner,
          schedule: '00:01',
          timezone: 'UTC',
          maxSnaps: 2,
          forDisplay: true,
          nextRunAt: at,
        },
      },
    ]);
    await h.settle();
    expect((await auditRows(volumeId)).map((r) => r.type)).toEqual(['VOLUME.CREATE', 'VOLUME.ATTACH']);
    expect((await auditRows(snapshotId)).map((r) => [r.type, r.resource_type])).toEqual([
      ['SNAPSHOT.CREATE', 'Snapshot'],
    ]);
    expect((await auditRows(policyId)).map((r) => [r.type, r.resource_type])).toEqual([
      ['SNAPSHOTPOLICY.CREATE', 'SnapshotPolicy'],
    ]);
  });

  it('never records a password hash or an API secret', async () => {
    const userId = newId();
    const o = { userId, ...owner };
    await h.record(`user-${userId}`, [
      {
        type: 'UserCreated',
        data: {
          ...o,
          username: 'bob',
          firstname: 'B',
          lastname: 'B',
          email: 'b@x',
          passwordHash: 'LEAK-1',
          bootstrap: false,
          createdAt: at,
        },
      },
      {
        type: 'UserKeysRegistered',
        data: { ...o, apiKey: 'k', encryptedSecret: 'LEAK-2', previousApiKey: null, registeredAt: at },
      },
    ]);
    await h.settle();
    const rows = await auditRows(userId);
    expect(rows.map((r) => r.type)).toEqual(['USER.CREATE', 'REGISTER.USER.KEY']);
    expect(JSON.stringify(rows)).not.toMatch(/LEAK/);
  });
});
