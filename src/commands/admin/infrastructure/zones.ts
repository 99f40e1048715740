import type { CreateZone, UpdateZone, Zone } from '../../../domain/zone/index.ts';
import type { CommandBus } from '../../commandBus.ts';
import { links } from '../links.ts';
import { type AdminDeps, type Invocation, infrastructureCommand, type Positioned } from '../shared.ts';
import { createInfrastructure, deleteParent, enabling, requireLiveAggregate } from './resource.ts';

/** The zone a child is placed in: it must exist and not be deleted. */
export const requireZone = (bus: CommandBus, zoneId: string): Promise<Zone> =>
  requireLiveAggregate(bus, 'zone', zoneId);

export type CreateZoneInput = Omit<CreateZone['data'], 'zoneId'> & { readonly zoneId?: string };

/** createZone (sync): a new zone starts Disabled, as in CloudStack, until the admin enables it. */
export const createZone = ({ bus }: AdminDeps, invocation: Invocation, input: CreateZoneInput) =>
  createInfrastructure(
    bus,
    invocation,
    'create zones',
    { aggregate: 'zone', idField: 'zoneId', given: input.zoneId },
    (zoneId) => ({ type: 'CreateZone', data: { ...input, zoneId } }),
  );

export const updateZone = ({ bus }: AdminDeps, invocation: Invocation, input: UpdateZone['data']) =>
  infrastructureCommand(bus, invocation, 'update zones', 'zone', input.zoneId, {
    type: 'UpdateZone',
    data: input,
  });

export const setZoneEnabled = enabling('zone', 'zoneId', 'zones', {
  enable: 'EnableZone',
  disable: 'DisableZone',
});

/** deleteZone (sync): refused while the zone still has pods. */
export const deleteZone = (
  { bus }: AdminDeps,
  invocation: Invocation,
  { zoneId }: { readonly zoneId: string },
): Promise<Positioned> =>
  deleteParent(bus, invocation, 'delete zones', 'zone', zoneId, links.podsOfZone, (podCount) => ({
    type: 'DeleteZone',
    data: { zoneId, podCount },
  }));
