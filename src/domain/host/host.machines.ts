import type { TransitionTable } from '../shared/index.ts';

/**
 * A host has TWO independent state machines (§2.1, §2.2): Status is the agent's connection as the
 * management server sees it; ResourceState is what the admin allows (maintenance is a ResourceState,
 * never a Status). Both are plain tables; decide looks transitions up, evolve applies the target.
 */

export const hostStatuses = [
  'Creating',
  'Connecting',
  'Up',
  'Down',
  'Disconnected',
  'Alert',
  'Removed',
  'Error',
  'Rebalancing',
] as const;
export type HostStatus = (typeof hostStatuses)[number];

/**
 * com.cloud.host.Status.Event minus `Remove` (removal is the RemoveHost command, which also checks
 * the ResourceState) and `RequestAgentRebalance` (it drives no transition).
 */
export const hostStatusEvents = [
  'AgentConnected',
  'PingTimeout',
  'ShutdownRequested',
  'AgentDisconnected',
  'HostDown',
  'Ping',
  'ManagementServerDown',
  'WaitedTooLong',
  'Ready',
  'StartAgentRebalance',
  'RebalanceCompleted',
  'RebalanceFailed',
  'Error',
] as const;
export type HostStatusEvent = (typeof hostStatusEvents)[number];

export const hostStatusTransitions: TransitionTable<HostStatus, HostStatusEvent> = {
  Creating: { AgentConnected: 'Connecting', Error: 'Error' },
  Connecting: {
    AgentConnected: 'Connecting',
    Ready: 'Up',
    PingTimeout: 'Alert',
    ShutdownRequested: 'Disconnected',
    HostDown: 'Down',
    Ping: 'Connecting',
    ManagementServerDown: 'Disconnected',
    AgentDisconnected: 'Alert',
  },
  Up: {
    PingTimeout: 'Alert',
    AgentDisconnected: 'Alert',
    ShutdownRequested: 'Disconnected',
    HostDown: 'Down',
    Ping: 'Up',
    AgentConnected: 'Connecting',
    ManagementServerDown: 'Disconnected',
    StartAgentRebalance: 'Rebalancing',
  },
  Disconnected: {
    ShutdownRequested: 'Disconnected',
    ManagementServerDown: 'Disconnected',
    AgentDisconnected: 'Disconnected',
    PingTimeout: 'Alert',
    AgentConnected: 'Connecting',
    Ping: 'Up',
    HostDown: 'Down',
    WaitedTooLong: 'Alert',
  },
  Down: {
    AgentConnected: 'Connecting',
    ManagementServerDown: 'Down',
    AgentDisconnected: 'Down',
    PingTimeout: 'Down',
    HostDown: 'Down',
  },
  Alert: {
    AgentConnected: 'Connecting',
    Ping: 'Up',
    ManagementServerDown: 'Alert',
    AgentDisconnected: 'Alert',
    ShutdownRequested: 'Disconnected',
    HostDown: 'Down',
  },
  Rebalancing: {
    RebalanceFailed: 'Disconnected',
    RebalanceCompleted: 'Connecting',
    ManagementServerDown: 'Disconnected',
    AgentConnected: 'Connecting',
    AgentDisconnected: 'Rebalancing',
  },
  Error: { AgentConnected: 'Connecting' },
  Removed: {},
};

export const resourceStates = [
  'Creating',
  'Enabled',
  'Disabled',
  'PrepareForMaintenance',
  'ErrorInPrepareForMaintenance',
  'Maintenance',
  'ErrorInMaintenance',
  'Error',
  'Degraded',
] as const;
export type ResourceState = (typeof resourceStates)[number];

/** The ResourceState.Event values Skyledger's host commands raise (removal is RemoveHost's own rule, §2.3). */
export const resourceStateEvents = [
  'InternalCreated',
  'Enable',
  'Disable',
  'AdminAskMaintenance',
  'AdminCancelMaintenance',
  'InternalEnterMaintenance',
  'UnableToMigrate',
  'UnableToMaintain',
  'DeclareHostDegraded',
  'EnableDegradedHost',
] as const;
export type ResourceStateEvent = (typeof resourceStateEvents)[number];

/** Self-loops (Enable on Enabled) make repeated admin calls no-ops instead of errors. */
export const resourceStateTransitions: TransitionTable<ResourceState, ResourceStateEvent> = {
  Creating: { InternalCreated: 'Enabled' },
  Enabled: {
    Enable: 'Enabled',
    Disable: 'Disabled',
    AdminAskMaintenance: 'PrepareForMaintenance',
    InternalEnterMaintenance: 'Maintenance',
    DeclareHostDegraded: 'Degraded',
  },
  Disabled: {
    Enable: 'Enabled',
    Disable: 'Disabled',
    AdminAskMaintenance: 'PrepareForMaintenance',
    InternalEnterMaintenance: 'Maintenance',
    DeclareHostDegraded: 'Degraded',
  },
  PrepareForMaintenance: {
    InternalEnterMaintenance: 'Maintenance',
    AdminCancelMaintenance: 'Enabled',
    UnableToMigrate: 'ErrorInPrepareForMaintenance',
    UnableToMaintain: 'ErrorInMaintenance',
  },
  ErrorInPrepareForMaintenance: {
    InternalEnterMaintenance: 'Maintenance',
    AdminCancelMaintenance: 'Enabled',
    Disable: 'Disabled',
  },
  ErrorInMaintenance: {
    AdminAskMaintenance: 'PrepareForMaintenance',
    AdminCancelMaintenance: 'Enabled',
    Disable: 'Disabled',
  },
  Maintenance: {
    AdminCancelMaintenance: 'Enabled',
    DeclareHostDegraded: 'Degraded',
  },
  Degraded: {
    EnableDegradedHost: 'Enabled',
    AdminAskMaintenance: 'Maintenance',
  },
  /** Removal (RemoveHost) is the only way out of Error. */
  Error: {},
};

/** CloudStack's ResourceState.isMaintenanceState. */
export const maintenanceStates: readonly ResourceState[] = [
  'PrepareForMaintenance',
  'ErrorInPrepareForMaintenance',
  'Maintenance',
  'ErrorInMaintenance',
];
