import { validateOverprovisioning } from '../cluster/overprovisioning.ts';
import { capabilitiesOf, type HypervisorType } from '../hypervisor/index.ts';
import { requirePositiveIntegers, requireResourceName } from '../infrastructure/index.ts';
import {
  conflict,
  illegalState,
  invalid,
  nextState,
  normaliseTags,
  requireNew,
  sameTags,
} from '../shared/index.ts';
import {
  commitHostCapacity,
  expireHostReservations,
  keepHostCapacityForStoppedVm,
  released,
  releaseHostCapacity,
  reserveHostCapacity,
} from './host.capacity.ts';
import type {
  AddHost,
  HostCommand,
  PrepareHostForMaintenance,
  RecordHostStatusEvent,
  UpdateHostOverprovisioning,
  UpdateHostTags,
} from './host.commands.ts';
import type { HostEvent } from './host.events.ts';
import { placeOf, requireHost } from './host.guards.ts';
import {
  hostStatusTransitions,
  maintenanceStates,
  type ResourceState,
  type ResourceStateEvent,
  resourceStateTransitions,
} from './host.machines.ts';
import type { Host, HostState } from './host.state.ts';

const addHost = ({ data }: AddHost, state: HostState): HostEvent[] => {
  requireNew(state, () =>
    conflict('HOST_ALREADY_EXISTS', `Host ${data.hostId} already exists`, { hostId: data.hostId }),
  );
  const name = requireResourceName(data.name, 'HOST_NAME_REQUIRED', 'host');
  if (data.hypervisor !== data.clusterHypervisor)
    throw invalid(
      'HOST_HYPERVISOR_MISMATCH',
      `A ${data.hypervisor} host can't join a ${data.clusterHypervisor} cluster: one hypervisor per cluster`,
      { hypervisor: data.hypervisor, clusterHypervisor: data.clusterHypervisor, clusterId: data.clusterId },
    );
  const maxHosts = capabilitiesOf(data.hypervisor).maxHostsPerCluster;
  if (maxHosts !== null && data.clusterHostCount >= maxHosts)
    throw illegalState('HOST_CLUSTER_FULL', `A ${data.hypervisor} cluster holds at most ${maxHosts} hosts`, {
      clusterId: data.clusterId,
      clusterHostCount: data.clusterHostCount,
      maxHostsPerCluster: maxHosts,
    });
  const { cpuCores, cpuSpeedMhz, memoryMiB, cpuOverprovisioning, memoryOverprovisioning } = data;
  requirePositiveIntegers({ cpuCores, cpuSpeedMhz, memoryMiB }, 'HOST_SIZE_INVALID');
  validateOverprovisioning(
    data.hypervisor,
    { cpuOverprovisioning, memoryOverprovisioning },
    'HOST_OVERPROVISIONING_INVALID',
  );
  // CloudStack creates the row in ResourceState Creating and moves it on once discovery succeeds.
  const resourceState = resourceStateTransitions.Creating.InternalCreated as ResourceState;
  const { hostId, zoneId, podId, clusterId, hypervisor } = data;
  return [
    {
      type: 'HostAdded',
      data: {
        hostId,
        zoneId,
        podId,
        clusterId,
        name,
        hypervisor,
        cpuCores,
        cpuSpeedMhz,
        memoryMiB,
        cpuOverprovisioning,
        memoryOverprovisioning,
        tags: normaliseTags(data.tags),
        status: 'Creating',
        resourceState,
      },
    },
  ];
};

const recordStatusEvent = ({ data }: RecordHostStatusEvent, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const to = nextState(hostStatusTransitions, host.status, data.event, () =>
    illegalState(
      'HOST_STATUS_TRANSITION_INVALID',
      `A ${host.status} host does not accept the ${data.event} status event`,
      { hostId: host.hostId, status: host.status, event: data.event },
    ),
  );
  return to === null
    ? []
    : [{ type: 'HostStatusChanged', data: { ...placeOf(host), event: data.event, from: host.status, to } }];
};

/** Looks the admin event up in the ResourceState table; a self-loop is a no-op. */
const changeResourceState = (host: Host, event: ResourceStateEvent): HostEvent[] => {
  const to = nextState(resourceStateTransitions, host.resourceState, event, () =>
    illegalState(
      'HOST_RESOURCE_STATE_TRANSITION_INVALID',
      `Host ${host.name} is ${host.resourceState}, which does not allow ${event}`,
      { hostId: host.hostId, resourceState: host.resourceState, event },
    ),
  );
  return to === null
    ? []
    : [{ type: 'HostResourceStateChanged', data: { ...placeOf(host), event, from: host.resourceState, to } }];
};

const resourceEvent = (hostId: string, event: ResourceStateEvent, state: HostState): HostEvent[] =>
  changeResourceState(requireHost(state, hostId), event);

/** Commands that only feed the ResourceState table, with the event each raises. */
const resourceCommands = {
  EnableHost: 'Enable',
  DisableHost: 'Disable',
  CompleteHostMaintenance: 'InternalEnterMaintenance',
  CancelHostMaintenance: 'AdminCancelMaintenance',
  CancelHostDegraded: 'EnableDegradedHost',
} as const satisfies Partial<Record<HostCommand['type'], ResourceStateEvent>>;

const prepareForMaintenance = ({ data }: PrepareHostForMaintenance, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const at = { hostId: host.hostId };
  if (maintenanceStates.includes(host.resourceState) && host.resourceState !== 'ErrorInMaintenance')
    throw illegalState('HOST_ALREADY_IN_MAINTENANCE', `Host ${host.name} is already ${host.resourceState}`, {
      ...at,
      resourceState: host.resourceState,
    });
  if (data.clusterHostsPreparing > 0)
    throw illegalState(
      'HOST_CLUSTER_PREPARING_MAINTENANCE',
      `Another host of this cluster is preparing for maintenance; wait until it is in Maintenance`,
      { ...at, clusterId: host.clusterId, clusterHostsPreparing: data.clusterHostsPreparing },
    );
  const transitioning = data.vmsStarting + data.vmsStopping + data.vmsMigratingIn;
  if (transitioning > 0)
    throw illegalState(
      'HOST_HAS_TRANSITIONING_VMS',
      `Host ${host.name} has VMs starting, stopping or migrating in; retry when they have settled`,
      {
        ...at,
        vmsStarting: data.vmsStarting,
        vmsStopping: data.vmsStopping,
        vmsMigratingIn: data.vmsMigratingIn,
      },
    );
  if (data.vmsInError > 0)
    throw illegalState(
      'HOST_HAS_ERROR_VMS',
      `Host ${host.name} has ${data.vmsInError} VM(s) in Error; fix them first`,
      {
        ...at,
        vmsInError: data.vmsInError,
      },
    );
  return changeResourceState(host, 'AdminAskMaintenance');
};

/** CloudStack only degrades a host it has lost, so HA can restart its VMs elsewhere. */
const declareDegraded = (hostId: string, state: HostState): HostEvent[] => {
  const host = requireHost(state, hostId);
  if (!['Down', 'Disconnected', 'Alert'].includes(host.status))
    throw illegalState(
      'HOST_NOT_DOWN',
      `Host ${host.name} is ${host.status}; only a Down, Disconnected or Alert host can be declared degraded`,
      { hostId, status: host.status },
    );
  return changeResourceState(host, 'DeclareHostDegraded');
};

/** §2.3: XenServer and KVM hosts must be in Maintenance before removal; others may also be Disabled. */
const removableStates = (hypervisor: HypervisorType): readonly ResourceState[] =>
  hypervisor === 'XenServer' || hypervisor === 'KVM' ? ['Maintenance'] : ['Maintenance', 'Disabled'];

const removeHost = (hostId: string, state: HostState): HostEvent[] => {
  const host = requireHost(state, hostId);
  const allowed = removableStates(host.hypervisor);
  if (!allowed.includes(host.resourceState))
    throw illegalState(
      'HOST_NOT_REMOVABLE',
      `Host ${host.name} is ${host.resourceState}; put it in ${allowed.join(' or ')} before removing it`,
      { hostId, resourceState: host.resourceState, hypervisor: host.hypervisor },
    );
  const held = Object.values(host.reservations);
  const placed = held.filter((r) => r.status !== 'Kept').length;
  if (placed > 0)
    throw illegalState('HOST_HAS_VMS', `Host ${host.name} still holds ${placed} VM(s); move them first`, {
      hostId,
      vms: placed,
    });
  return [
    ...held.map((kept) => released(host, kept, 'HostRemoved')),
    { type: 'HostRemoved', data: { ...placeOf(host), name: host.name } },
  ];
};

const updateTags = ({ data }: UpdateHostTags, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const tags = normaliseTags(data.tags);
  return sameTags(tags, host.tags) ? [] : [{ type: 'HostTagsUpdated', data: { ...placeOf(host), tags } }];
};

const updateOverprovisioning = ({ data }: UpdateHostOverprovisioning, state: HostState): HostEvent[] => {
  const host = requireHost(state, data.hostId);
  const { cpuOverprovisioning, memoryOverprovisioning } = data;
  validateOverprovisioning(
    host.hypervisor,
    { cpuOverprovisioning, memoryOverprovisioning },
    'HOST_OVERPROVISIONING_INVALID',
  );
  const unchanged =
    cpuOverprovisioning === host.size.cpuOverprovisioning &&
    memoryOverprovisioning === host.size.memoryOverprovisioning;
  return unchanged
    ? []
    : [
        {
          type: 'HostOverprovisioningUpdated',
          data: { ...placeOf(host), cpuOverprovisioning, memoryOverprovisioning },
        },
      ];
};

export const decide = (command: HostCommand, state: HostState): readonly HostEvent[] => {
  switch (command.type) {
    case 'AddHost':
      return addHost(command, state);
    case 'RecordHostStatusEvent':
      return recordStatusEvent(command, state);
    case 'EnableHost':
    case 'DisableHost':
    case 'CompleteHostMaintenance':
    case 'CancelHostMaintenance':
    case 'CancelHostDegraded':
      return resourceEvent(command.data.hostId, resourceCommands[command.type], state);
    case 'PrepareHostForMaintenance':
      return prepareForMaintenance(command, state);
    case 'FailHostMaintenance':
      return resourceEvent(command.data.hostId, command.data.reason, state);
    case 'DeclareHostDegraded':
      return declareDegraded(command.data.hostId, state);
    case 'RemoveHost':
      return removeHost(command.data.hostId, state);
    case 'UpdateHostTags':
      return updateTags(command, state);
    case 'UpdateHostOverprovisioning':
      return updateOverprovisioning(command, state);
    case 'ReserveHostCapacity':
      return reserveHostCapacity(command, state);
    case 'CommitHostCapacity':
      return commitHostCapacity(command, state);
    case 'ReleaseHostCapacity':
      return releaseHostCapacity(command, state);
    case 'ExpireHostReservations':
      return expireHostReservations(command, state);
    case 'KeepHostCapacityForStoppedVm':
      return keepHostCapacityForStoppedVm(command, state);
    default: {
      const unknown: never = command;
      throw invalid('HOST_COMMAND_UNKNOWN', `Unknown host command ${(unknown as { type: string }).type}`);
    }
  }
};
