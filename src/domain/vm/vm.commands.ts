import type { ComputeRequest } from '../capacity/index.ts';
import type { HypervisorType } from '../hypervisor/index.ts';
import type { Command } from '../shared/index.ts';
import type { VmImage } from './vm.events.ts';

/**
 * Commands on one VM stream (`vm-<vmId>`). Facts owned by other aggregates (offering sizes, flags of
 * the template, zone settings, the caller's rights, ...) are resolved by the command side and carried
 * in; the decider never reads another stream.
 */
type VmCommand_<T extends string, D = Record<never, never>> = Command<T, { readonly vmId: string } & D>;

export type DeployVm = VmCommand_<
  'DeployVm',
  {
    readonly name: string;
    readonly displayName: string;
    readonly accountId: string;
    readonly tenantDomainId: string;
    readonly userId: string;
    readonly zoneId: string;
    readonly serviceOfferingId: string;
    /** The offering's size (or the custom size asked for). */
    readonly size: ComputeRequest;
    readonly image: VmImage;
    /** Id for the ROOT volume the deploy workflow creates. */
    readonly rootVolumeId: string;
    readonly hypervisor: HypervisorType;
    readonly group: string | null;
    readonly haEnabled: boolean;
    /** The template's (or ISO's) "dynamically scalable" flag. */
    readonly dynamicallyScalable: boolean;
    /** The deploy parameter `dynamicscalingenabled` (CloudStack default true): the VM's own flag. */
    readonly dynamicScalingEnabled?: boolean;
    /** Whether the deploy workflow should start the VM once created. */
    readonly startVm: boolean;
    readonly now: string;
  }
>;

export type RequestVmStart = VmCommand_<
  'RequestVmStart',
  { readonly hostId: string; readonly podId: string; readonly clusterId: string }
>;
export type CompleteVmStart = VmCommand_<'CompleteVmStart'>;
/** `toError`: the start was the VM's creation and it failed (CloudStack's OperationFailedToError). */
export type FailVmStart = VmCommand_<'FailVmStart', { readonly reason: string; readonly toError?: boolean }>;

/** `forced` pulls the plug instead of an ACPI shutdown; it may also escalate a pending graceful stop. */
export type RequestVmStop = VmCommand_<'RequestVmStop', { readonly forced: boolean }>;
export type CompleteVmStop = VmCommand_<'CompleteVmStop'>;
export type FailVmStop = VmCommand_<'FailVmStop', { readonly reason: string }>;
export type RebootVm = VmCommand_<'RebootVm'>;

/** `expungeRecoverAllowed`: the caller is root admin, or `allow.user.expunge.recover.vm` is on for the owner. */
export type DestroyVm = VmCommand_<
  'DestroyVm',
  {
    readonly expunge: boolean;
    readonly expungeRecoverAllowed: boolean;
    /** DATADISK volumes to delete with the VM; the others stay, detached. */
    readonly dataVolumeIdsToDelete?: readonly string[];
  }
>;
export type RecoverVm = VmCommand_<
  'RecoverVm',
  { readonly ownerAccountRemoved: boolean; readonly expungeRecoverAllowed: boolean }
>;
export type ExpungeVm = VmCommand_<'ExpungeVm'>;

export type RestoreVm = VmCommand_<
  'RestoreVm',
  {
    /** The template or ISO to reinstall from; the current one when absent. */
    readonly image?: VmImage;
    readonly newRootVolumeId: string;
    /** The "dynamically scalable" flag of the image restored from. */
    readonly dynamicallyScalable: boolean;
    readonly ownerAccountDisabled: boolean;
  }
>;

export type RequestVmMigration = VmCommand_<
  'RequestVmMigration',
  {
    readonly targetHostId: string;
    readonly targetPodId: string;
    readonly targetClusterId: string;
    /** Whether any of the VM's volumes is on host-local storage. */
    readonly usesLocalStorage: boolean;
    readonly callerIsRootAdmin: boolean;
  }
>;
export type CompleteVmMigration = VmCommand_<'CompleteVmMigration'>;
export type FailVmMigration = VmCommand_<'FailVmMigration', { readonly reason: string }>;

export type ChangeVmServiceOffering = VmCommand_<
  'ChangeVmServiceOffering',
  { readonly serviceOfferingId: string; readonly size: ComputeRequest; readonly hasVmSnapshots: boolean }
>;
export type ScaleVm = VmCommand_<
  'ScaleVm',
  {
    readonly serviceOfferingId: string;
    readonly size: ComputeRequest;
    /** The zone setting `enable.dynamic.scale.vm`. */
    readonly zoneDynamicScalingEnabled: boolean;
    /** The new offering's "dynamic scaling enabled" flag. */
    readonly offeringDynamicScalingEnabled: boolean;
  }
>;

/** Only the fields present change; `group: null` removes the VM from its group. */
export type UpdateVm = VmCommand_<
  'UpdateVm',
  {
    readonly displayName?: string;
    readonly group?: string | null;
    readonly haEnabled?: boolean;
    readonly dynamicScalingEnabled?: boolean;
  }
>;
export type IssueConsoleAccessToken = VmCommand_<
  'IssueConsoleAccessToken',
  { readonly tokenId: string; readonly expiresAt: string; readonly now: string }
>;
/** `passwordEnabled`: the template's flag; the password itself never enters an event. */
export type ResetVmPassword = VmCommand_<'ResetVmPassword', { readonly passwordEnabled: boolean }>;

/** A hypervisor's power report for the VM, from the host that reports it. */
export type ReportVmPowerState = VmCommand_<
  'ReportVmPowerState',
  {
    readonly power: 'On' | 'Off';
    readonly hostId: string;
    readonly podId: string;
    readonly clusterId: string;
  }
>;
/** HA: the host the VM ran on was declared Down and the VM fenced. */
export type HostDownForVm = VmCommand_<'HostDownForVm', { readonly hostId: string; readonly reason: string }>;

export type VmCommand =
  | DeployVm
  | RequestVmStart
  | CompleteVmStart
  | FailVmStart
  | RequestVmStop
  | CompleteVmStop
  | FailVmStop
  | RebootVm
  | DestroyVm
  | RecoverVm
  | ExpungeVm
  | RestoreVm
  | RequestVmMigration
  | CompleteVmMigration
  | FailVmMigration
  | ChangeVmServiceOffering
  | ScaleVm
  | UpdateVm
  | IssueConsoleAccessToken
  | ResetVmPassword
  | ReportVmPowerState
  | HostDownForVm;

export type VmCommandType = VmCommand['type'];
