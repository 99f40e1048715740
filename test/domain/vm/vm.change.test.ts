import { describe, expect, it } from 'vitest';
import { fold } from '../../../src/domain/shared/index.ts';
import { type VmEvent, type VmImage, vmDecider } from '../../../src/domain/vm/index.ts';
import { DeciderSpecification } from '../../support/deciderSpec.ts';
import { cmd, ev, given, histories, hostA, hostB, hostC, large, ref, small, usage } from './fixtures.ts';

/** Restore, migration, offering changes, scaling, updates, console access and password reset. */
const spec = DeciderSpecification.for(vmDecider);

const tpl2 = { kind: 'template', templateId: 'tpl-2' } as const;
const restored = (hostId: string | null, image: VmImage = tpl2): VmEvent => ({
  type: 'VmRestored',
  data: {
    ...usage(hostId, { image }),
    previousImage: { kind: 'template', templateId: 'tpl-1' },
    previousRootVolumeId: 'vol-root-1',
    rootVolumeId: 'vol-root-2',
    templateDynamicallyScalable: false,
  },
});
const offeringChange = (type: 'VmServiceOfferingChanged' | 'VmScaled', hostId: string | null): VmEvent => ({
  type,
  data: {
    ...usage(hostId, { serviceOfferingId: 'so-large', size: large }),
    previousServiceOfferingId: 'so-small',
    previousSize: small,
  },
});
const migrated: VmEvent = {
  type: 'VmMigrated',
  data: { ...usage('host-b'), ...hostB, sourceHostId: 'host-a' },
};

describe('a Stopped VM', () => {
  it('RestoreVm reinstalls from a new template onto a new ROOT volume', () =>
    spec
      .given(given.created)
      .when(cmd.restore(tpl2))
      .then([restored(null)]));

  it('RestoreVm without an image reinstalls the current template', () =>
    spec
      .given(given.created)
      .when(cmd.restore())
      .then([restored(null, { kind: 'template', templateId: 'tpl-1' })]));

  it('after RestoreVm the VM has the new image, ROOT volume and template flag', () =>
    expect(fold(vmDecider, [...given.created, restored(null)])).toMatchObject({
      image: tpl2,
      rootVolumeId: 'vol-root-2',
      templateDynamicallyScalable: false,
    }));

  it('RestoreVm refuses to switch a template VM to an ISO', () =>
    spec
      .given(given.created)
      .when(cmd.restore({ kind: 'iso', isoId: 'iso-1' }))
      .thenThrows('VM_IMAGE_KIND_CHANGE', (e) =>
        expect(e.message).toBe('VM web-1 was deployed from a template and can only be restored from one'),
      ));

  it('RestoreVm refuses to switch an ISO VM to a template', () =>
    spec
      .given(histories({ image: { kind: 'iso', isoId: 'iso-1' } }).created)
      .when(cmd.restore(tpl2))
      .thenThrows('VM_IMAGE_KIND_CHANGE'));

  it('RestoreVm is refused while the owner account is disabled', () =>
    spec
      .given(given.created)
      .when(cmd.restore(tpl2, { ownerAccountDisabled: true }))
      .thenThrows('VM_OWNER_DISABLED'));

  it('RestoreVm refuses to reuse the current ROOT volume id', () =>
    spec
      .given(given.created)
      .when(cmd.restore(tpl2, { newRootVolumeId: 'vol-root-1' }))
      .thenThrows('VM_ROOT_VOLUME_ID_REUSED'));

  it('ChangeVmServiceOffering records the new offering and size with the previous ones', () =>
    spec
      .given(given.created)
      .when(cmd.changeOffering())
      .then([offeringChange('VmServiceOfferingChanged', null)]));

  it('ChangeVmServiceOffering may change the size of a custom offering only', () =>
    spec
      .given(given.created)
      .when(cmd.changeOffering('so-small', large))
      .then([
        {
          type: 'VmServiceOfferingChanged',
          data: {
            ...usage(null, { size: large }),
            previousServiceOfferingId: 'so-small',
            previousSize: small,
          },
        },
      ]));

  it('after ChangeVmServiceOffering the VM has the new offering and size', () =>
    expect(
      fold(vmDecider, [...given.created, offeringChange('VmServiceOfferingChanged', null)]),
    ).toMatchObject({
      serviceOfferingId: 'so-large',
      size: large,
    }));

  it('ChangeVmServiceOffering is refused while the VM has VM snapshots', () =>
    spec
      .given(given.created)
      .when(cmd.changeOffering('so-large', large, true))
      .thenThrows('VM_HAS_VM_SNAPSHOTS'));

  it('ChangeVmServiceOffering to the offering it already has is refused', () =>
    spec
      .given(given.created)
      .when(cmd.changeOffering('so-small', small))
      .thenThrows('VM_OFFERING_UNCHANGED', (e) =>
        expect(e.message).toBe('Not upgrading VM web-1 since it already has the requested service offering'),
      ));

  it('ChangeVmServiceOffering with a size that is not positive is refused', () =>
    spec
      .given(given.created)
      .when(cmd.changeOffering('so-custom', { ...large, cpuNumber: 0 }))
      .thenThrows('VM_INVALID_SIZE'));

  it('ResetVmPassword records VmPasswordReset (never the password)', () =>
    spec
      .given(given.created)
      .when(cmd.resetPassword())
      .then([{ type: 'VmPasswordReset', data: { ...ref } }]));

  it('ResetVmPassword is refused when the template is not password enabled', () =>
    spec
      .given(given.created)
      .when(cmd.resetPassword(false))
      .thenThrows('VM_TEMPLATE_NOT_PASSWORD_ENABLED', (e) => expect(e.kind).toBe('unsupported')));

  it('UpdateVm records only the fields that change', () =>
    spec
      .given(given.created)
      .when(cmd.update({ displayName: 'Front end', group: 'web', haEnabled: false }))
      .then([{ type: 'VmUpdated', data: { ...ref, displayName: 'Front end', haEnabled: false } }]));

  it('UpdateVm with group null takes the VM out of its group', () =>
    spec
      .given(given.created)
      .when(cmd.update({ group: null }))
      .then([{ type: 'VmUpdated', data: { ...ref, group: null } }]));

  it('after UpdateVm the VM has the new values and keeps the others', () =>
    expect(
      fold(vmDecider, [
        ...given.created,
        { type: 'VmUpdated', data: { ...ref, group: null, dynamicScalingEnabled: false } },
      ]),
    ).toMatchObject({
      displayName: 'Web server',
      group: null,
      haEnabled: true,
      dynamicScalingEnabled: false,
    }));

  it('UpdateVm that changes nothing records nothing', () =>
    spec
      .given(given.created)
      .when(cmd.update({ displayName: 'Web server', haEnabled: true, dynamicScalingEnabled: true }))
      .thenNothingHappened());

  it('UpdateVm refuses a blank display name', () =>
    spec
      .given(given.created)
      .when(cmd.update({ displayName: '  ' }))
      .thenThrows('VM_INVALID_DISPLAY_NAME'));

  it('ScaleVm is refused: a Stopped VM changes offering instead', () =>
    spec.given(given.created).when(cmd.scale()).thenThrows('VM_NOT_RUNNING'));
});

describe('a Running VM', () => {
  it('RestoreVm is allowed and keeps the host in the usage facts', () =>
    spec
      .given(given.running)
      .when(cmd.restore(tpl2))
      .then([restored('host-a')]));

  it('ChangeVmServiceOffering is refused: the VM must be stopped', () =>
    spec
      .given(given.running)
      .when(cmd.changeOffering())
      .thenThrows('VM_NOT_STOPPED', (e) =>
        expect(e.message).toBe(
          'change service offering can only execute when VM in Stopped; VM web-1 is Running',
        ),
      ));

  it('ScaleVm records VmScaled on its host when dynamic scaling is on everywhere', () =>
    spec
      .given(given.running)
      .when(cmd.scale())
      .then([offeringChange('VmScaled', 'host-a')]));

  it('after ScaleVm the VM has the new offering and size', () =>
    expect(fold(vmDecider, [...given.running, offeringChange('VmScaled', 'host-a')])).toMatchObject({
      status: 'Running',
      serviceOfferingId: 'so-large',
      size: large,
    }));

  it('ScaleVm is refused when the zone setting is off, naming it', () =>
    spec
      .given(given.running)
      .when(cmd.scale('so-large', large, { zone: false }))
      .thenThrows('VM_DYNAMIC_SCALING_DISABLED', (e) => {
        expect(e.details).toEqual({ vmId: ref.vmId, disabled: ['zone'] });
        expect(e.message).toContain('the zone setting enable.dynamic.scale.vm is off');
      }));

  it('ScaleVm is refused when the offering has dynamic scaling disabled', () =>
    spec
      .given(given.running)
      .when(cmd.scale('so-large', large, { offering: false }))
      .thenThrows('VM_DYNAMIC_SCALING_DISABLED', (e) => expect(e.details.disabled).toEqual(['offering'])));

  it('ScaleVm is refused when the template is not dynamically scalable', () =>
    spec
      .given([ev.created({}, { templateDynamicallyScalable: false }), ev.startRequested(), ev.started()])
      .when(cmd.scale())
      .thenThrows('VM_DYNAMIC_SCALING_DISABLED', (e) => expect(e.details.disabled).toEqual(['template'])));

  it('ScaleVm is refused when the VM flag is off', () =>
    spec
      .given([...given.running, { type: 'VmUpdated', data: { ...ref, dynamicScalingEnabled: false } }])
      .when(cmd.scale())
      .thenThrows('VM_DYNAMIC_SCALING_DISABLED', (e) => expect(e.details.disabled).toEqual(['vm'])));

  it('ScaleVm is refused on a hypervisor that cannot scale, listing every switch that is off', () =>
    spec
      .given(histories({ hypervisor: 'Ovm' }).running)
      .when(cmd.scale('so-large', large, { zone: false }))
      .thenThrows('VM_DYNAMIC_SCALING_DISABLED', (e) => {
        expect(e.details.disabled).toEqual(['zone', 'hypervisor']);
        expect(e.message).toContain('Ovm cannot scale a running VM');
      }));

  it('ScaleVm down is refused: only scaling up is supported', () =>
    spec
      .given(histories({ size: large, serviceOfferingId: 'so-large' }).running)
      .when(cmd.scale('so-small', small))
      .thenThrows('VM_SCALE_DOWN_NOT_SUPPORTED', (e) => expect(e.kind).toBe('invalid')));

  it('ScaleVm to the same offering and size is refused', () =>
    spec.given(given.running).when(cmd.scale('so-small', small)).thenThrows('VM_OFFERING_UNCHANGED'));

  it('IssueConsoleAccessToken records the token for the host the VM runs on', () =>
    spec
      .given(given.running)
      .when(cmd.consoleToken())
      .then([
        {
          type: 'VmConsoleAccessTokenIssued',
          data: { ...ref, tokenId: 'tok-1', hostId: 'host-a', expiresAt: '2026-03-01T10:05:00.000Z' },
        },
      ]));

  it('IssueConsoleAccessToken refuses a token that has already expired', () =>
    spec
      .given(given.running)
      .when(cmd.consoleToken('2026-03-01T09:59:59.000Z'))
      .thenThrows('VM_CONSOLE_TOKEN_EXPIRED'));

  it('ResetVmPassword is refused: the VM must be stopped', () =>
    spec.given(given.running).when(cmd.resetPassword()).thenThrows('VM_NOT_STOPPED'));

  it('RequestVmMigration records the source and target', () =>
    spec
      .given(given.running)
      .when(cmd.migrate(hostB))
      .then([ev.migrationRequested(hostB, hostA)]));

  it('RequestVmMigration on XenServer may cross clusters (XenMotion)', () =>
    spec
      .given(given.running)
      .when(cmd.migrate(hostC))
      .then([ev.migrationRequested(hostC, hostA)]));

  it('RequestVmMigration on KVM within the cluster is allowed', () =>
    spec
      .given(histories({ hypervisor: 'KVM' }).running)
      .when(cmd.migrate(hostB))
      .then([ev.migrationRequested(hostB, hostA)]));

  it('RequestVmMigration on KVM to another cluster is refused', () =>
    spec
      .given(histories({ hypervisor: 'KVM' }).running)
      .when(cmd.migrate(hostC))
      .thenThrows('VM_MIGRATION_ACROSS_CLUSTERS_UNSUPPORTED', (e) =>
        expect(e.details).toMatchObject({ sourceClusterId: 'cluster-1', targetClusterId: 'cluster-2' }),
      ));

  it('RequestVmMigration on KVM with local storage is refused', () =>
    spec
      .given(histories({ hypervisor: 'KVM' }).running)
      .when(cmd.migrate(hostB, { usesLocalStorage: true }))
      .thenThrows('VM_LOCAL_STORAGE_MIGRATION_UNSUPPORTED'));

  it('RequestVmMigration on VMware with local storage is allowed (vMotion)', () =>
    spec
      .given(histories({ hypervisor: 'VMware' }).running)
      .when(cmd.migrate(hostC, { usesLocalStorage: true }))
      .then([ev.migrationRequested(hostC, hostA)]));

  it('RequestVmMigration on BareMetal is refused: it cannot live-migrate', () =>
    spec
      .given(histories({ hypervisor: 'BareMetal' }).running)
      .when(cmd.migrate(hostB))
      .thenThrows('HYPERVISOR_MIGRATION_UNSUPPORTED'));

  it('RequestVmMigration to the host it runs on is refused', () =>
    spec.given(given.running).when(cmd.migrate(hostA)).thenThrows('VM_ALREADY_ON_HOST'));

  it('RequestVmMigration is forbidden to anyone but a root admin', () =>
    spec
      .given(given.running)
      .when(cmd.migrate(hostB, { callerIsRootAdmin: false }))
      .thenThrows('VM_MIGRATION_NOT_ALLOWED', (e) => expect(e.kind).toBe('forbidden')));

  it('UpdateVm is allowed', () =>
    spec
      .given(given.running)
      .when(cmd.update({ haEnabled: false }))
      .then([{ type: 'VmUpdated', data: { ...ref, haEnabled: false } }]));
});

describe('a Migrating VM', () => {
  it('after RequestVmMigration the VM is Migrating, still on the source', () =>
    expect(fold(vmDecider, given.migrating)).toMatchObject({
      status: 'Migrating',
      placement: hostA,
      migrationTarget: hostB,
    }));

  it('CompleteVmMigration records VmMigrated to the target', () =>
    spec.given(given.migrating).when(cmd.completeMigration()).then([migrated]));

  it('after CompleteVmMigration the VM runs on the target', () =>
    expect(fold(vmDecider, [...given.migrating, migrated])).toMatchObject({
      status: 'Running',
      placement: hostB,
      migrationTarget: null,
    }));

  it('FailVmMigration records the failure; the VM keeps running on the source', () =>
    spec
      .given(given.migrating)
      .when(cmd.failMigration())
      .then([
        {
          type: 'VmMigrationFailed',
          data: { ...ref, sourceHostId: 'host-a', targetHostId: 'host-b', reason: 'target refused' },
        },
      ]));

  it('after FailVmMigration the VM is Running on the source', () =>
    expect(
      fold(vmDecider, [
        ...given.migrating,
        {
          type: 'VmMigrationFailed',
          data: { ...ref, sourceHostId: 'host-a', targetHostId: 'host-b', reason: 'x' },
        },
      ]),
    ).toMatchObject({ status: 'Running', placement: hostA, migrationTarget: null }));

  it('RequestVmMigration is refused: a migration is in progress', () =>
    spec.given(given.migrating).when(cmd.migrate(hostC)).thenThrows('VM_NOT_RUNNING'));

  it('CompleteVmMigration on a Migrating VM without a target is refused (a state no history produces)', () => {
    const migrating = fold(vmDecider, given.migrating);
    expect(() =>
      vmDecider.decide(cmd.completeMigration(), { ...migrating, migrationTarget: null } as typeof migrating),
    ).toThrow(expect.objectContaining({ code: 'VM_INCONSISTENT_STATE' }));
  });
});

describe('a Running VM that was not migrating', () => {
  it('CompleteVmMigration is refused', () =>
    spec.given(given.running).when(cmd.completeMigration()).thenThrows('VM_NOT_MIGRATING'));

  it('FailVmMigration is refused', () =>
    spec.given(given.running).when(cmd.failMigration()).thenThrows('VM_NOT_MIGRATING'));
});

describe('a Starting or Stopping VM', () => {
  it('UpdateVm of a Starting VM is allowed', () =>
    spec
      .given(given.starting)
      .when(cmd.update({ group: 'db' }))
      .then([{ type: 'VmUpdated', data: { ...ref, group: 'db' } }]));

  it('RestoreVm of a Stopping VM is refused in CloudStack words', () =>
    spec
      .given(given.stopping)
      .when(cmd.restore())
      .thenThrows('VM_NOT_RUNNING_OR_STOPPED', (e) =>
        expect(e.message).toBe(
          'restore vm can only execute when VM in Running or Stopped; VM web-1 is Stopping',
        ),
      ));
});

describe('an Error VM', () => {
  it('UpdateVm is refused', () =>
    spec
      .given(given.error)
      .when(cmd.update({ displayName: 'x' }))
      .thenThrows('VM_IN_ERROR'));
});
