import type { CreatePod, Pod, UpdatePod } from '../../../domain/pod/index.ts';
import { notFound } from '../../../domain/shared/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import { links, liveChildren } from '../links.ts';
import {
  type AdminDeps,
  type Invocation,
  infrastructureCommand,
  newId,
  type Positioned,
  requireRootAdmin,
} from '../shared.ts';
import { requireZone } from './zones.ts';

export const requirePod = async (bus: CommandBus, podId: string): Promise<Pod> => {
  const { state } = await bus.load('pod', podId);
  if (state === null || state.removed)
    throw notFound('POD_NOT_FOUND', `Pod ${podId} does not exist or was deleted`, { podId });
  return state;
};

export type CreatePodInput = Omit<CreatePod['data'], 'podId'> & { readonly podId?: string };

/** createPod (sync): the zone must exist. */
export const createPod = async (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: CreatePodInput,
): Promise<Positioned & { podId: string }> => {
  requireRootAdmin(invocation.caller, 'create pods');
  await requireZone(bus, input.zoneId);
  const podId = newId(invocation.ctx, 'pod', input.podId);
  const { position } = await infrastructureCommand(bus, invocation, 'create pods', 'pod', podId, {
    type: 'CreatePod',
    data: { ...input, podId },
  });
  return { podId, position };
};

export const updatePod = ({ bus }: AdminDeps, invocation: Invocation, input: UpdatePod['data']) =>
  infrastructureCommand(bus, invocation, 'update pods', 'pod', input.podId, {
    type: 'UpdatePod',
    data: input,
  });

export const setPodEnabled = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { podId, enabled }: { readonly podId: string; readonly enabled: boolean },
) =>
  infrastructureCommand(
    bus,
    invocation,
    'enable or disable pods',
    'pod',
    podId,
    enabled ? { type: 'EnablePod', data: { podId } } : { type: 'DisablePod', data: { podId } },
  );

/** deletePod (sync): refused while the pod still has clusters. */
export const deletePod = async (
  { bus }: AdminDeps,
  invocation: Invocation,
  { podId }: { readonly podId: string },
): Promise<Positioned> => {
  requireRootAdmin(invocation.caller, 'delete pods');
  const clusters = await liveChildren(bus.store, links.clustersOfPod, podId, invocation.after);
  return infrastructureCommand(bus, invocation, 'delete pods', 'pod', podId, {
    type: 'DeletePod',
    data: { podId, clusterCount: clusters.length },
  });
};
