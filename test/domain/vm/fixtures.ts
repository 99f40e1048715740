import type { HypervisorType } from '../../../src/domain/hypervisor/index.ts';
import type { VmCommand, VmEvent, VmEventOf, VmImage, VmPlacement } from '../../../src/domain/vm/index.ts';

/** One VM and the hosts it moves between, written out literally so expectations never reuse the code under test. */
export const vmId = 'c0a80001-0000-4000-8000-000000000001';
export const ref = {
  vmId,
  accountId: 'acc-1',
  tenantDomainId: 'dom-1',
  zoneId: 'zone-1',
} as const;

export const hostA: VmPlacement = { hostId: 'host-a', podId: 'pod-1', clusterId: 'cluster-1' };
export const hostB: VmPlacement = { hostId: 'host-b', podId: 'pod-1', clusterId: 'cluster-1' };
export const hostC: VmPlacement = { hostId: 'host-c', podId: 'pod-2', clusterId: 'cluster-2' };

export const small = { cpuNumber: 2, cpuSpeedMhz: 1000, memoryMiB: 2048 };
export const large = { cpuNumber: 4, cpuSpeedMhz: 2000, memoryMiB: 8192 };
export const template: VmImage = { kind: 'template', templateId: 'tpl-1' };
export const now = '2026-03-01T10:00:00.000Z';

/** What the usage facts of a VM are, by default: XenServer can do everything the tests need. */
export type Facts = {
  readonly name: string;
  readonly serviceOfferingId: string;
  readonly image: VmImage;
  readonly size: typeof small;
  readonly hypervisor: HypervisorType;
};
export const defaults: Facts = {
  name: 'web-1',
  serviceOfferingId: 'so-small',
  image: template,
  size: small,
  hypervisor: 'XenServer',
};

export const usage = (hostId: string | null, f: Partial<Facts> = {}) => ({
  ...ref,
  ...defaults,
  ...f,
  hostId,
});

export const cmd = {
  deploy: (f: Partial<Facts> = {}, extra: Partial<Extract<VmCommand, { type: 'DeployVm' }>['data']> = {}) =>
    ({
      type: 'DeployVm',
      data: {
        ...ref,
        ...defaults,
        ...f,
        displayName: 'Web server',
        userId: 'user-1',
        rootVolumeId: 'vol-root-1',
        group: 'web',
        haEnabled: true,
        dynamicallyScalable: true,
        startVm: true,
        now,
        ...extra,
      },
    }) satisfies VmCommand,
  requestStart: (h: VmPlacement = hostA) =>
    ({ type: 'RequestVmStart', data: { vmId, ...h } }) satisfies VmCommand,
  completeStart: () => ({ type: 'CompleteVmStart', data: { vmId } }) satisfies VmCommand,
  failStart: (toError?: boolean) =>
    ({ type: 'FailVmStart', data: { vmId, reason: 'no capacity', toError } }) satisfies VmCommand,
  requestStop: (forced = false) => ({ type: 'RequestVmStop', data: { vmId, forced } }) satisfies VmCommand,
  completeStop: () => ({ type: 'CompleteVmStop', data: { vmId } }) satisfies VmCommand,
  failStop: () => ({ type: 'FailVmStop', data: { vmId, reason: 'guest ignored ACPI' } }) satisfies VmCommand,
  reboot: () => ({ type: 'RebootVm', data: { vmId } }) satisfies VmCommand,
  destroy: (expunge = false, expungeRecoverAllowed = true, dataVolumeIdsToDelete?: string[]) =>
    ({
      type: 'DestroyVm',
      data: { vmId, expunge, expungeRecoverAllowed, dataVolumeIdsToDelete },
    }) satisfies VmCommand,
  recover: (ownerAccountRemoved = false, expungeRecoverAllowed = true) =>
    ({ type: 'RecoverVm', data: { vmId, ownerAccountRemoved, expungeRecoverAllowed } }) satisfies VmCommand,
  expunge: () => ({ type: 'ExpungeVm', data: { vmId } }) satisfies VmCommand,
  restore: (
    image?: VmImage,
    extra: { ownerAccountDisabled?: boolean; newRootVolumeId?: string; dynamicallyScalable?: boolean } = {},
  ) =>
    ({
      type: 'RestoreVm',
      data: {
        vmId,
        image,
        newRootVolumeId: extra.newRootVolumeId ?? 'vol-root-2',
        dynamicallyScalable: extra.dynamicallyScalable ?? false,
        ownerAccountDisabled: extra.ownerAccountDisabled ?? false,
      },
    }) satisfies VmCommand,
  migrate: (
    target: VmPlacement = hostB,
    extra: { usesLocalStorage?: boolean; callerIsRootAdmin?: boolean } = {},
  ) =>
    ({
      type: 'RequestVmMigration',
      data: {
        vmId,
        targetHostId: target.hostId,
        targetPodId: target.podId,
        targetClusterId: target.clusterId,
        usesLocalStorage: extra.usesLocalStorage ?? false,
        callerIsRootAdmin: extra.callerIsRootAdmin ?? true,
      },
    }) satisfies VmCommand,
  completeMigration: () => ({ type: 'CompleteVmMigration', data: { vmId } }) satisfies VmCommand,
  failMigration: () =>
    ({ type: 'FailVmMigration', data: { vmId, reason: 'target refused' } }) satisfies VmCommand,
  changeOffering: (serviceOfferingId = 'so-large', size = large, hasVmSnapshots = false) =>
    ({
      type: 'ChangeVmServiceOffering',
      data: { vmId, serviceOfferingId, size, hasVmSnapshots },
    }) satisfies VmCommand,
  scale: (serviceOfferingId = 'so-large', size = large, flags: { zone?: boolean; offering?: boolean } = {}) =>
    ({
      type: 'ScaleVm',
      data: {
        vmId,
        serviceOfferingId,
        size,
        zoneDynamicScalingEnabled: flags.zone ?? true,
        offeringDynamicScalingEnabled: flags.offering ?? true,
      },
    }) satisfies VmCommand,
  update: (changes: Omit<Extract<VmCommand, { type: 'UpdateVm' }>['data'], 'vmId'>) =>
    ({ type: 'UpdateVm', data: { vmId, ...changes } }) satisfies VmCommand,
  consoleToken: (expiresAt = '2026-03-01T10:05:00.000Z') =>
    ({
      type: 'IssueConsoleAccessToken',
      data: { vmId, tokenId: 'tok-1', expiresAt, now },
    }) satisfies VmCommand,
  resetPassword: (passwordEnabled = true) =>
    ({ type: 'ResetVmPassword', data: { vmId, passwordEnabled } }) satisfies VmCommand,
  power: (power: 'On' | 'Off', h: VmPlacement = hostA) =>
    ({ type: 'ReportVmPowerState', data: { vmId, power, ...h } }) satisfies VmCommand,
  hostDown: (hostId = hostA.hostId) =>
    ({ type: 'HostDownForVm', data: { vmId, hostId, reason: 'host down, VM fenced' } }) satisfies VmCommand,
};

export const ev = {
  created: (f: Partial<Facts> = {}, extra: Partial<VmEventOf<'VmCreated'>['data']> = {}): VmEvent => ({
    type: 'VmCreated',
    data: {
      ...usage(null, f),
      displayName: 'Web server',
      userId: 'user-1',
      rootVolumeId: 'vol-root-1',
      group: 'web',
      haEnabled: true,
      templateDynamicallyScalable: true,
      dynamicScalingEnabled: true,
      startVm: true,
      createdAt: now,
      ...extra,
    },
  }),
  startRequested: (h: VmPlacement = hostA, f: Partial<Facts> = {}): VmEvent => ({
    type: 'VmStartRequested',
    data: { ...ref, ...h, size: f.size ?? small },
  }),
  started: (h: VmPlacement = hostA, f: Partial<Facts> = {}): VmEvent => ({
    type: 'VmStarted',
    data: usage(h.hostId, f),
  }),
  startFailed: (h: VmPlacement = hostA): VmEvent => ({
    type: 'VmStartFailed',
    data: { ...ref, hostId: h.hostId, reason: 'no capacity' },
  }),
  creationFailed: (f: Partial<Facts> = {}): VmEvent => ({
    type: 'VmCreationFailed',
    data: { ...usage(null, f), reason: 'no capacity' },
  }),
  stopRequested: (forced = false, h: VmPlacement = hostA): VmEvent => ({
    type: 'VmStopRequested',
    data: { ...ref, hostId: h.hostId, forced },
  }),
  stopped: (h: VmPlacement = hostA, f: Partial<Facts> = {}): VmEvent => ({
    type: 'VmStopped',
    data: usage(h.hostId, f),
  }),
  destroyed: (expunge = false, f: Partial<Facts> = {}, dataVolumeIdsToDelete: string[] = []): VmEvent => ({
    type: 'VmDestroyed',
    data: { ...usage(null, f), expunge, rootVolumeId: 'vol-root-1', dataVolumeIdsToDelete },
  }),
  expungeStarted: (): VmEvent => ({ type: 'VmExpungeStarted', data: { ...ref } }),
  expunged: (): VmEvent => ({ type: 'VmExpunged', data: { ...ref } }),
  migrationRequested: (target: VmPlacement = hostB, source: VmPlacement = hostA): VmEvent => ({
    type: 'VmMigrationRequested',
    data: {
      ...ref,
      sourceHostId: source.hostId,
      targetHostId: target.hostId,
      targetPodId: target.podId,
      targetClusterId: target.clusterId,
      size: small,
    },
  }),
};

/** A history that leaves the VM in each state (Stopped: created, never started). */
export const histories = (f: Partial<Facts> = {}) => {
  const created = [ev.created(f)];
  const starting = [...created, ev.startRequested(hostA, f)];
  const running = [...starting, ev.started(hostA, f)];
  const stopping = [...running, ev.stopRequested()];
  const stoppedAfterRun = [...stopping, ev.stopped(hostA, f)];
  const migrating = [...running, ev.migrationRequested()];
  const destroyed = [...created, ev.destroyed(false, f)];
  const expunging = [...destroyed, ev.expungeStarted()];
  const expunged = [...expunging, ev.expunged()];
  const error = [...starting, ev.startFailed(), ev.creationFailed(f)];
  return {
    initial: [] as VmEvent[],
    created,
    starting,
    running,
    stopping,
    stoppedAfterRun,
    migrating,
    destroyed,
    expunging,
    expunged,
    error,
  };
};

export const given = histories();
