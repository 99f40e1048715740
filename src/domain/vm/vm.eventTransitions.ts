import type { VmEventType } from './vm.events.ts';
import type { VmFsmEvent, VmStatus } from './vm.stateMachine.ts';

/**
 * Which edge of the state machine each recorded event stands for: the states it may follow and the
 * `VirtualMachine.Event` it feeds the table (`next(from, fsm)` is where it leaves the VM), or null
 * for events that record a change without moving the VM (reboot, offering change, ...).
 * decide refuses commands outside `from`; evolve ignores an event whose `from` does not hold.
 * VmCreated has no edge: it starts the stream with the VM Stopped (CloudStack persists new VMs so).
 */
export type VmEventTransition = { readonly from: readonly VmStatus[]; readonly fsm: VmFsmEvent | null };

/** States in which a VM exists and is not on its way out; configuration changes are allowed there. */
const alive: readonly VmStatus[] = ['Starting', 'Running', 'Stopping', 'Stopped', 'Migrating'];
/** States in which the hypervisor runs the VM and a usage RUNNING_VM interval is open. */
const onHost: readonly VmStatus[] = ['Running', 'Stopping', 'Migrating'];

export const vmEventTransitions: Readonly<Record<Exclude<VmEventType, 'VmCreated'>, VmEventTransition>> = {
  VmStartRequested: { from: ['Stopped'], fsm: 'StartRequested' },
  VmStarted: { from: ['Starting'], fsm: 'OperationSucceeded' },
  VmStartFailed: { from: ['Starting'], fsm: 'OperationFailed' },
  VmCreationFailed: { from: ['Stopped'], fsm: 'OperationFailedToError' },
  VmStopRequested: { from: ['Running', 'Stopping'], fsm: 'StopRequested' },
  VmStopped: { from: ['Stopping'], fsm: 'OperationSucceeded' },
  VmStopFailed: { from: ['Stopping'], fsm: 'OperationFailed' },
  VmRebooted: { from: ['Running'], fsm: null },
  VmDestroyed: { from: ['Stopped'], fsm: 'DestroyRequested' },
  VmExpungeStarted: { from: ['Destroyed', 'Error'], fsm: 'ExpungeOperation' },
  VmExpunged: { from: ['Expunging'], fsm: 'OperationSucceeded' },
  VmRecovered: { from: ['Destroyed'], fsm: 'RecoveryRequested' },
  VmRestored: { from: ['Running', 'Stopped'], fsm: null },
  VmMigrationRequested: { from: ['Running'], fsm: 'MigrationRequested' },
  VmMigrated: { from: ['Migrating'], fsm: 'OperationSucceeded' },
  VmMigrationFailed: { from: ['Migrating'], fsm: 'OperationFailed' },
  VmServiceOfferingChanged: { from: ['Stopped'], fsm: null },
  VmScaled: { from: ['Running'], fsm: null },
  VmUpdated: { from: alive, fsm: null },
  VmConsoleAccessTokenIssued: { from: ['Running'], fsm: null },
  VmPasswordReset: { from: ['Stopped'], fsm: null },
  VmPowerOnReported: { from: ['Stopped', 'Starting'], fsm: 'FollowAgentPowerOnReport' },
  VmPowerOffReported: { from: ['Running', 'Stopping'], fsm: 'FollowAgentPowerOffReport' },
  VmRunningConfirmedByPowerReport: { from: ['Running', 'Migrating'], fsm: 'FollowAgentPowerOnReport' },
  VmStoppedByHostFailure: { from: onHost, fsm: 'AgentReportStopped' },
};
