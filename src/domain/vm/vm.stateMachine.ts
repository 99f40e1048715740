import type { TransitionTable } from '../shared/index.ts';

/**
 * CloudStack's VM state machine (reference: cloudstack-domain.md §1.1–§1.2), as data.
 *
 * The states are CloudStack's `VirtualMachine.State` minus Unknown and Shutdown (no edge leads there),
 * plus `Expunged`: CloudStack marks the row removed once expunging succeeds; we record that as a
 * terminal state so the stream says the VM is gone. There is no `Created` state: a new VM is
 * persisted as Stopped and then gets StartRequested.
 */
export const vmStatuses = [
  'Starting',
  'Running',
  'Stopping',
  'Stopped',
  'Destroyed',
  'Expunging',
  'Migrating',
  'Error',
  'Expunged',
] as const;
export type VmStatus = (typeof vmStatuses)[number];

/** `VirtualMachine.Event`, the inputs of the state machine. */
export const vmFsmEvents = [
  'CreateRequested',
  'StartRequested',
  'StopRequested',
  'DestroyRequested',
  'RecoveryRequested',
  'AgentReportStopped',
  'AgentReportRunning',
  'MigrationRequested',
  'StorageMigrationRequested',
  'ExpungeOperation',
  'OperationSucceeded',
  'OperationFailed',
  'OperationFailedToError',
  'OperationRetry',
  'AgentReportShutdowned',
  'AgentReportMigrated',
  'RevertRequested',
  'SnapshotRequested',
  'FollowAgentPowerOnReport',
  'FollowAgentPowerOffReport',
] as const;
export type VmFsmEvent = (typeof vmFsmEvents)[number];

export type VmTransitionTable = TransitionTable<VmStatus, VmFsmEvent>;

/** The exhaustive table of §1.2; an event missing from a state's row is not allowed there. */
export const vmTransitions: VmTransitionTable = {
  Stopped: {
    StartRequested: 'Starting',
    DestroyRequested: 'Destroyed',
    StopRequested: 'Stopped',
    AgentReportStopped: 'Stopped',
    OperationFailedToError: 'Error',
    OperationFailed: 'Stopped',
    ExpungeOperation: 'Expunging',
    AgentReportShutdowned: 'Stopped',
    StorageMigrationRequested: 'Migrating',
    FollowAgentPowerOnReport: 'Running',
    FollowAgentPowerOffReport: 'Stopped',
  },
  Starting: {
    OperationRetry: 'Starting',
    OperationSucceeded: 'Running',
    OperationFailed: 'Stopped',
    AgentReportRunning: 'Running',
    AgentReportStopped: 'Stopped',
    AgentReportShutdowned: 'Stopped',
    FollowAgentPowerOnReport: 'Running',
    FollowAgentPowerOffReport: 'Stopped',
  },
  Running: {
    MigrationRequested: 'Migrating',
    AgentReportRunning: 'Running',
    AgentReportStopped: 'Stopped',
    StopRequested: 'Stopping',
    AgentReportShutdowned: 'Stopped',
    AgentReportMigrated: 'Running',
    OperationSucceeded: 'Running',
    FollowAgentPowerOnReport: 'Running',
    FollowAgentPowerOffReport: 'Stopped',
  },
  Stopping: {
    OperationSucceeded: 'Stopped',
    OperationFailed: 'Running',
    AgentReportRunning: 'Running',
    AgentReportStopped: 'Stopped',
    StopRequested: 'Stopping',
    AgentReportShutdowned: 'Stopped',
    FollowAgentPowerOnReport: 'Running',
    FollowAgentPowerOffReport: 'Stopped',
  },
  Migrating: {
    MigrationRequested: 'Migrating',
    OperationSucceeded: 'Running',
    OperationFailed: 'Running',
    AgentReportRunning: 'Running',
    AgentReportStopped: 'Stopped',
    AgentReportShutdowned: 'Stopped',
    FollowAgentPowerOnReport: 'Running',
    FollowAgentPowerOffReport: 'Stopped',
  },
  Destroyed: {
    RecoveryRequested: 'Stopped',
    ExpungeOperation: 'Expunging',
  },
  Expunging: {
    OperationFailed: 'Expunging',
    ExpungeOperation: 'Expunging',
    // Ours, not CloudStack's: a successful expunge is where CloudStack marks the row removed.
    OperationSucceeded: 'Expunged',
  },
  Error: {
    DestroyRequested: 'Expunging',
    ExpungeOperation: 'Expunging',
  },
  Expunged: {},
};

/** The `[U]` edges of §1.2 (CloudStack's `Impact.USAGE`): each is a subset of its state's row above. */
export const vmUsageTransitions: Readonly<Record<VmStatus, readonly VmFsmEvent[]>> = {
  Stopped: ['DestroyRequested', 'OperationFailedToError', 'ExpungeOperation', 'FollowAgentPowerOnReport'],
  Starting: ['OperationSucceeded', 'AgentReportRunning', 'FollowAgentPowerOnReport'],
  Running: ['AgentReportStopped', 'AgentReportShutdowned', 'FollowAgentPowerOffReport'],
  Stopping: [
    'OperationSucceeded',
    'AgentReportStopped',
    'AgentReportShutdowned',
    'FollowAgentPowerOffReport',
  ],
  Migrating: [],
  Destroyed: ['RecoveryRequested'],
  Expunging: [],
  Error: [],
  Expunged: [],
};

/** Where `fsmEvent` takes a VM in `status`, or null when the table has no such edge. */
export const next = (status: VmStatus, fsmEvent: VmFsmEvent): VmStatus | null =>
  vmTransitions[status][fsmEvent] ?? null;

export const isUsageTransition = (status: VmStatus, fsmEvent: VmFsmEvent): boolean =>
  vmUsageTransitions[status].includes(fsmEvent);

export type VmTransition = { readonly from: VmStatus; readonly event: VmFsmEvent; readonly to: VmStatus };

/** CloudStack's classifier helpers on `VirtualMachine.State` (usage events and metrics key on them). */
export const isVmStarted = ({ from, to }: VmTransition): boolean => from === 'Starting' && to === 'Running';

export const isVmStopped = ({ from, event, to }: VmTransition): boolean =>
  (from === 'Stopping' && to === 'Stopped') ||
  (from === 'Running' && to === 'Stopped' && event === 'FollowAgentPowerOffReport');

export const isVmMigrated = ({ from, event, to }: VmTransition): boolean =>
  from === 'Migrating' &&
  to === 'Running' &&
  (event === 'OperationSucceeded' || event === 'AgentReportRunning');

/** "Created" for usage means recovered: Destroyed → Stopped. A deploy has no previous state. */
export const isVmCreated = ({ from, to }: VmTransition): boolean => from === 'Destroyed' && to === 'Stopped';

export const isVmDestroyed = ({ from, to }: VmTransition): boolean =>
  from === 'Stopped' && (to === 'Destroyed' || to === 'Error' || to === 'Expunging');
