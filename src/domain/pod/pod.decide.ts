import { type AllocationAction, allocationEvents, requireResourceName } from '../infrastructure/index.ts';
import {
  conflict,
  illegalState,
  invalid,
  notFound,
  requireLive,
  requireNew,
  updatedSettings,
} from '../shared/index.ts';
import type { CreatePod, DeletePod, PodCommand, UpdatePod } from './pod.commands.ts';
import type { PodEvent } from './pod.events.ts';
import { validatePodNetwork } from './pod.network.ts';
import type { Pod, PodSettings, PodState } from './pod.state.ts';

const requirePod = (state: PodState, podId: string): Pod =>
  requireLive(state, () => notFound('POD_NOT_FOUND', `Pod ${podId} does not exist`, { podId }));

const validSettings = (s: PodSettings): PodSettings => {
  const name = requireResourceName(s.name, 'POD_NAME_REQUIRED', 'pod');
  validatePodNetwork(s);
  return { ...s, name };
};

const createPod = ({ data }: CreatePod, state: PodState): PodEvent[] => {
  requireNew(state, () =>
    conflict('POD_ALREADY_EXISTS', `Pod ${data.podId} already exists`, { podId: data.podId }),
  );
  const { podId, zoneId, ...settings } = data;
  return [
    { type: 'PodCreated', data: { podId, zoneId, ...validSettings(settings), allocationState: 'Disabled' } },
  ];
};

const updatePod = ({ data }: UpdatePod, state: PodState): PodEvent[] => {
  const pod = requirePod(state, data.podId);
  const current: PodSettings = {
    name: pod.name,
    gateway: pod.gateway,
    netmask: pod.netmask,
    startIp: pod.startIp,
    endIp: pod.endIp,
  };
  const { podId, ...changes } = data;
  const next = updatedSettings(current, changes, validSettings);
  return next === null ? [] : [{ type: 'PodUpdated', data: { podId, zoneId: pod.zoneId, ...next } }];
};

const allocationEventTypes = { Enabled: 'PodEnabled', Disabled: 'PodDisabled' } as const;

const changeAllocation = (podId: string, action: AllocationAction, state: PodState): PodEvent[] => {
  const pod = requirePod(state, podId);
  return allocationEvents(pod.allocationState, action, allocationEventTypes, { podId, zoneId: pod.zoneId });
};

const deletePod = ({ data }: DeletePod, state: PodState): PodEvent[] => {
  const pod = requirePod(state, data.podId);
  if (data.clusterCount > 0)
    throw illegalState(
      'POD_HAS_CLUSTERS',
      `Pod ${pod.name} still has ${data.clusterCount} cluster(s); delete them first`,
      { podId: pod.podId, clusterCount: data.clusterCount },
    );
  return [{ type: 'PodDeleted', data: { podId: pod.podId, zoneId: pod.zoneId, name: pod.name } }];
};

export const decide = (command: PodCommand, state: PodState): readonly PodEvent[] => {
  switch (command.type) {
    case 'CreatePod':
      return createPod(command, state);
    case 'UpdatePod':
      return updatePod(command, state);
    case 'EnablePod':
      return changeAllocation(command.data.podId, 'Enable', state);
    case 'DisablePod':
      return changeAllocation(command.data.podId, 'Disable', state);
    case 'DeletePod':
      return deletePod(command, state);
    default: {
      const unknown: never = command;
      throw invalid('POD_COMMAND_UNKNOWN', `Unknown pod command ${(unknown as { type: string }).type}`);
    }
  }
};
