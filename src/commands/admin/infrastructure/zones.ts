import { notFound } from '../../../domain/shared/index.ts';
import type { CreateZone, UpdateZone, Zone } from '../../../domain/zone/index.ts';
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

/** The zone a child is placed in: it must exist and not be deleted. */
export const requireZone = async (bus: CommandBus, zoneId: string): Promise<Zone> => {
  const { state } = await bus.load('zone', zoneId);
  if (state === null || state.removed)
    throw notFound('ZONE_NOT_FOUND', `Zone ${zoneId} does not exist or was deleted`, { zoneId });
  return state;
};

export type CreateZoneInput = Omit<CreateZone['data'], 'zoneId'> & { readonly zoneId?: string };

/** createZone (sync): a new zone starts Disabled, as in CloudStack, until the admin enables it. */
export const createZone = async (
  { bus }: AdminDeps,
  invocation: Invocation,
  input: CreateZoneInput,
): Promise<Positioned & { zoneId: string }> => {
  const zoneId = newId(invocation.ctx, 'zone', input.zoneId);
  const { position } = await infrastructureCommand(bus, invocation, 'create zones', 'zone', zoneId, {
    type: 'CreateZone',
    data: { ...input, zoneId },
  });
  return { zoneId, position };
};

export const updateZone = ({ bus }: AdminDeps, invocation: Invocation, input: UpdateZone['data']) =>
  infrastructureCommand(bus, invocation, 'update zones', 'zone', input.zoneId, {
    type: 'UpdateZone',
    data: input,
  });

export const setZoneEnabled = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { zoneId, enabled }: { readonly zoneId: string; readonly enabled: boolean },
) =>
  infrastructureCommand(
    bus,
    invocation,
    'enable or disable zones',
    'zone',
    zoneId,
    enabled ? { type: 'EnableZone', data: { zoneId } } : { type: 'DisableZone', data: { zoneId } },
  );

/** deleteZone (sync): refused while the zone still has pods. */
export const deleteZone = async (
  { bus }: AdminDeps,
  invocation: Invocation,
  { zoneId }: { readonly zoneId: string },
): Promise<Positioned> => {
  requireRootAdmin(invocation.caller, 'delete zones');
  const pods = await liveChildren(bus.store, links.podsOfZone, zoneId, invocation.after);
  return infrastructureCommand(bus, invocation, 'delete zones', 'zone', zoneId, {
    type: 'DeleteZone',
    data: { zoneId, podCount: pods.length },
  });
};
