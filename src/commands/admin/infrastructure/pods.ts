import type { CreatePod, Pod, UpdatePod } from '../../../domain/pod/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import { links } from '../links.ts';
import { type AdminDeps, type Invocation, infrastructureCommand, type Positioned } from '../shared.ts';
import { createInfrastructure, deleteParent, enabling, requireLiveAggregate } from './resource.ts';
import { requireZone } from './zones.ts';

export const requirePod = (bus: CommandBus, podId: string): Promise<Pod> =>
  requireLiveAggregate(bus, 'pod', podId);

export type CreatePodInput = Omit<CreatePod['data'], 'podId'> & { readonly podId?: string };

/** createPod (sync): the zone must exist. */
export const createPod = ({ bus }: AdminDeps, invocation: Invocation, input: CreatePodInput) =>
  createInfrastructure(
    bus,
    invocation,
    'create pods',
    { aggregate: 'pod', idField: 'podId', given: input.podId },
    async (podId) => {
      await requireZone(bus, input.zoneId);
      return { type: 'CreatePod', data: { ...input, podId } };
    },
  );

export const updatePod = ({ bus }: AdminDeps, invocation: Invocation, input: UpdatePod['data']) =>
  infrastructureCommand(bus, invocation, 'update pods', 'pod', input.podId, {
    type: 'UpdatePod',
    data: input,
  });

export const setPodEnabled = enabling('pod', 'podId', 'pods', { enable: 'EnablePod', disable: 'DisablePod' });

/** deletePod (sync): refused while the pod still has clusters. */
export const deletePod = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { podId }: { readonly podId: string },
): Promise<Positioned> =>
  deleteParent(bus, invocation, 'delete pods', 'pod', podId, links.clustersOfPod, (clusterCount) => ({
    type: 'DeletePod',
    data: { podId, clusterCount },
  }));
