import { capabilitiesOf } from '../hypervisor/index.ts';
import {
  changedFields,
  forbidden,
  illegalState,
  invalid,
  requireText,
  unsupported,
} from '../shared/index.ts';
import type {
  ChangeVmServiceOffering,
  CompleteVmMigration,
  FailVmMigration,
  IssueConsoleAccessToken,
  RequestVmMigration,
  ResetVmPassword,
  RestoreVm,
  ScaleVm,
  UpdateVm,
} from './vm.commands.ts';
import type { VmEvent } from './vm.events.ts';
import {
  assertOfferingChange,
  hostOf,
  migrationTargetOf,
  offeringChangeFacts,
  operation,
  placementOf,
  requireStatus,
  usageFacts,
  vmRef,
} from './vm.guards.ts';
import type { Vm, VmState } from './vm.state.ts';

/** Reinstall the ROOT disk from the same or another image of the same kind (template↔ISO is refused). */
export const restoreVm = ({ data: c }: RestoreVm, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('restore vm', 'VM_NOT_RUNNING_OR_STOPPED', 'VmRestored'));
  if (c.ownerAccountDisabled)
    throw illegalState(
      'VM_OWNER_DISABLED',
      `Unable to restore VM ${vm.name}: its owner account is disabled`,
      {
        vmId: vm.vmId,
        accountId: vm.accountId,
      },
    );
  const image = c.image ?? vm.image;
  if (image.kind !== vm.image.kind)
    throw invalid(
      'VM_IMAGE_KIND_CHANGE',
      `VM ${vm.name} was deployed from ${vm.image.kind === 'iso' ? 'an ISO' : 'a template'} and can only be restored from one`,
      { vmId: vm.vmId, current: vm.image, requested: image },
    );
  if (c.newRootVolumeId === vm.rootVolumeId)
    throw invalid(
      'VM_ROOT_VOLUME_ID_REUSED',
      'A restore creates a new ROOT volume and needs a new volume id',
      {
        vmId: vm.vmId,
        rootVolumeId: vm.rootVolumeId,
      },
    );
  return [
    {
      type: 'VmRestored',
      data: {
        ...usageFacts({ ...vm, image }, vm.placement?.hostId ?? null),
        previousImage: vm.image,
        previousRootVolumeId: vm.rootVolumeId,
        rootVolumeId: c.newRootVolumeId,
        templateDynamicallyScalable: c.dynamicallyScalable,
      },
    },
  ];
};

/** Live migration (root admin only) within what the hypervisor can do (§1.3, §3). */
export const requestVmMigration = ({ data: c }: RequestVmMigration, state: VmState): VmEvent[] => {
  if (!c.callerIsRootAdmin)
    throw forbidden(
      'VM_MIGRATION_NOT_ALLOWED',
      'No permission to migrate VM: only a root admin can migrate a VM',
      {
        vmId: c.vmId,
      },
    );
  const vm = requireStatus(state, operation('migrate vm', 'VM_NOT_RUNNING', 'VmMigrationRequested'));
  const source = placementOf(vm);
  const { hypervisor } = vm;
  const { liveMigration } = capabilitiesOf(hypervisor);
  const details = { vmId: vm.vmId, hypervisor, sourceHostId: source.hostId, targetHostId: c.targetHostId };
  if (c.targetHostId === source.hostId)
    throw invalid('VM_ALREADY_ON_HOST', `VM ${vm.name} already runs on host ${c.targetHostId}`, details);
  if (liveMigration === 'none')
    throw unsupported(
      'HYPERVISOR_MIGRATION_UNSUPPORTED',
      `${hypervisor} VMs cannot be live-migrated`,
      details,
    );
  if (c.usesLocalStorage && liveMigration !== 'zone')
    throw unsupported(
      'VM_LOCAL_STORAGE_MIGRATION_UNSUPPORTED',
      `VM ${vm.name} uses local storage, which ${hypervisor} cannot live-migrate; migrate it with its volumes instead`,
      details,
    );
  if (liveMigration === 'cluster' && c.targetClusterId !== source.clusterId)
    throw unsupported(
      'VM_MIGRATION_ACROSS_CLUSTERS_UNSUPPORTED',
      `${hypervisor} live-migrates only within a cluster: host ${c.targetHostId} is in another cluster than VM ${vm.name}`,
      { ...details, sourceClusterId: source.clusterId, targetClusterId: c.targetClusterId },
    );
  return [
    {
      type: 'VmMigrationRequested',
      data: {
        ...vmRef(vm),
        sourceHostId: source.hostId,
        targetHostId: c.targetHostId,
        targetPodId: c.targetPodId,
        targetClusterId: c.targetClusterId,
        size: vm.size,
      },
    },
  ];
};

export const completeVmMigration = (_: CompleteVmMigration, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('complete vm migration', 'VM_NOT_MIGRATING', 'VmMigrated'));
  const target = migrationTargetOf(vm);
  return [
    {
      type: 'VmMigrated',
      data: { ...usageFacts(vm, target.hostId), ...target, sourceHostId: hostOf(vm) },
    },
  ];
};

/** The VM keeps running on the source host. */
export const failVmMigration = ({ data: c }: FailVmMigration, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('fail vm migration', 'VM_NOT_MIGRATING', 'VmMigrationFailed'));
  return [
    {
      type: 'VmMigrationFailed',
      data: {
        ...vmRef(vm),
        sourceHostId: hostOf(vm),
        targetHostId: migrationTargetOf(vm).hostId,
        reason: c.reason,
      },
    },
  ];
};

/** Offline change (upgradeVirtualMachine): Stopped, no VM snapshots; cpu/memory limits are the quota ledger's. */
export const changeVmServiceOffering = ({ data: c }: ChangeVmServiceOffering, state: VmState): VmEvent[] => {
  const vm = requireStatus(
    state,
    operation('change service offering', 'VM_NOT_STOPPED', 'VmServiceOfferingChanged'),
  );
  if (c.hasVmSnapshots)
    throw illegalState(
      'VM_HAS_VM_SNAPSHOTS',
      `Unable to change the service offering of VM ${vm.name}: it has VM snapshots; delete them first`,
      { vmId: vm.vmId },
    );
  assertOfferingChange(vm, c.serviceOfferingId, c.size);
  return [{ type: 'VmServiceOfferingChanged', data: offeringChangeFacts(vm, c.serviceOfferingId, c.size) }];
};

/** Every switch that must be on to scale a running VM, with what to tell the user when it is off. */
const dynamicScalingSwitches = (vm: Vm, c: ScaleVm['data']) =>
  [
    { name: 'zone', on: c.zoneDynamicScalingEnabled, why: 'the zone setting enable.dynamic.scale.vm is off' },
    { name: 'template', on: vm.templateDynamicallyScalable, why: 'its template is not dynamically scalable' },
    {
      name: 'offering',
      on: c.offeringDynamicScalingEnabled,
      why: 'the service offering has dynamic scaling disabled',
    },
    { name: 'vm', on: vm.dynamicScalingEnabled, why: 'dynamic scaling is disabled on the VM' },
    {
      name: 'hypervisor',
      on: capabilitiesOf(vm.hypervisor).dynamicScaling,
      why: `${vm.hypervisor} cannot scale a running VM`,
    },
  ] as const;

/** Running change (scaleVirtualMachine): only with dynamic scaling on everywhere, and only upwards. */
export const scaleVm = ({ data: c }: ScaleVm, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('scale vm', 'VM_NOT_RUNNING', 'VmScaled'));
  const off = dynamicScalingSwitches(vm, c).filter((s) => !s.on);
  if (off.length > 0)
    throw unsupported(
      'VM_DYNAMIC_SCALING_DISABLED',
      `Unable to scale VM ${vm.name} while it runs: ${off.map((s) => s.why).join('; ')}. Stop it and change its service offering instead`,
      { vmId: vm.vmId, disabled: off.map((s) => s.name) },
    );
  assertOfferingChange(vm, c.serviceOfferingId, c.size);
  const { size } = c;
  if (
    size.cpuNumber < vm.size.cpuNumber ||
    size.cpuSpeedMhz < vm.size.cpuSpeedMhz ||
    size.memoryMiB < vm.size.memoryMiB
  )
    throw invalid(
      'VM_SCALE_DOWN_NOT_SUPPORTED',
      'Only scaling up a running VM is supported: no value (CPU number, speed, memory) may be less than now',
      { vmId: vm.vmId, current: vm.size, requested: size },
    );
  return [{ type: 'VmScaled', data: offeringChangeFacts(vm, c.serviceOfferingId, size) }];
};

/** Records only what changes; an update that changes nothing records nothing. */
export const updateVm = ({ data: c }: UpdateVm, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('update vm', 'VM_IN_ERROR', 'VmUpdated'));
  if (c.displayName !== undefined)
    requireText(c.displayName, 'VM_INVALID_DISPLAY_NAME', 'A display name must not be blank', {
      vmId: vm.vmId,
    });
  const { displayName, group, haEnabled, dynamicScalingEnabled } = c;
  const changes = changedFields(vm, { displayName, group, haEnabled, dynamicScalingEnabled });
  return Object.keys(changes).length === 0 ? [] : [{ type: 'VmUpdated', data: { ...vmRef(vm), ...changes } }];
};

export const issueConsoleAccessToken = ({ data: c }: IssueConsoleAccessToken, state: VmState): VmEvent[] => {
  const vm = requireStatus(
    state,
    operation('access vm console', 'VM_NOT_RUNNING', 'VmConsoleAccessTokenIssued'),
  );
  if (!(Date.parse(c.expiresAt) > Date.parse(c.now)))
    throw invalid(
      'VM_CONSOLE_TOKEN_EXPIRED',
      'A console access token must expire after the time it is issued',
      {
        vmId: vm.vmId,
        expiresAt: c.expiresAt,
        now: c.now,
      },
    );
  return [
    {
      type: 'VmConsoleAccessTokenIssued',
      data: { ...vmRef(vm), tokenId: c.tokenId, hostId: hostOf(vm), expiresAt: c.expiresAt },
    },
  ];
};

export const resetVmPassword = ({ data: c }: ResetVmPassword, state: VmState): VmEvent[] => {
  const vm = requireStatus(state, operation('reset vm password', 'VM_NOT_STOPPED', 'VmPasswordReset'));
  if (!c.passwordEnabled)
    throw unsupported(
      'VM_TEMPLATE_NOT_PASSWORD_ENABLED',
      `Fail to reset password for VM ${vm.name}: its template is not password enabled`,
      { vmId: vm.vmId },
    );
  return [{ type: 'VmPasswordReset', data: vmRef(vm) }];
};
