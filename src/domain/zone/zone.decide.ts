import {
  type AllocationAction,
  allocationEvents,
  isIpv4,
  isPrivateCidr,
  parseCidr,
  requireResourceName,
} from '../infrastructure/index.ts';
import {
  conflict,
  illegalState,
  invalid,
  notFound,
  requireLive,
  requireNew,
  updatedSettings,
} from '../shared/index.ts';
import type { CreateZone, DeleteZone, UpdateZone, ZoneCommand } from './zone.commands.ts';
import type { NetworkType, ZoneEvent } from './zone.events.ts';
import type { Zone, ZoneSettings, ZoneState } from './zone.state.ts';

const requireZone = (state: ZoneState, zoneId: string): Zone =>
  requireLive(state, () => notFound('ZONE_NOT_FOUND', `Zone ${zoneId} does not exist`, { zoneId }));

const requireDns = (field: string, value: string | null): void => {
  if (value !== null && !isIpv4(value))
    throw invalid('ZONE_DNS_INVALID', `${field} must be an IPv4 address such as 8.8.8.8`, { field, value });
};

/** Advanced zones isolate guests in a private guest CIDR; Basic zones put guests on the pod's network. */
const requireGuestCidr = (networkType: NetworkType, guestCidr: string | null): void => {
  if (networkType === 'Basic') {
    if (guestCidr !== null)
      throw invalid('ZONE_GUEST_CIDR_NOT_ALLOWED', 'A Basic zone has no guest CIDR; leave it out', {
        guestCidr,
      });
    return;
  }
  if (guestCidr === null)
    throw invalid('ZONE_GUEST_CIDR_REQUIRED', 'An Advanced zone needs a guest CIDR such as 10.1.1.0/24');
  const cidr = parseCidr(guestCidr);
  if (cidr === null || !isPrivateCidr(cidr))
    throw invalid(
      'ZONE_GUEST_CIDR_INVALID',
      'The guest CIDR must be a private (RFC 1918) network address with its prefix, such as 10.1.1.0/24',
      { guestCidr },
    );
};

const validSettings = (networkType: NetworkType, s: ZoneSettings): ZoneSettings => {
  const name = requireResourceName(s.name, 'ZONE_NAME_REQUIRED', 'zone');
  requireDns('dns1', s.dns1);
  requireDns('dns2', s.dns2);
  requireDns('internalDns1', s.internalDns1);
  requireDns('internalDns2', s.internalDns2);
  requireGuestCidr(networkType, s.guestCidr);
  return { ...s, name };
};

const createZone = ({ data }: CreateZone, state: ZoneState): ZoneEvent[] => {
  requireNew(state, () =>
    conflict('ZONE_ALREADY_EXISTS', `Zone ${data.zoneId} already exists`, { zoneId: data.zoneId }),
  );
  const settings = validSettings(data.networkType, {
    name: data.name,
    dns1: data.dns1,
    dns2: data.dns2 ?? null,
    internalDns1: data.internalDns1,
    internalDns2: data.internalDns2 ?? null,
    guestCidr: data.guestCidr ?? null,
    localStorageEnabled: data.localStorageEnabled,
  });
  return [
    {
      type: 'ZoneCreated',
      data: { zoneId: data.zoneId, networkType: data.networkType, ...settings, allocationState: 'Disabled' },
    },
  ];
};

const updateZone = ({ data }: UpdateZone, state: ZoneState): ZoneEvent[] => {
  const zone = requireZone(state, data.zoneId);
  const current: ZoneSettings = {
    name: zone.name,
    dns1: zone.dns1,
    dns2: zone.dns2,
    internalDns1: zone.internalDns1,
    internalDns2: zone.internalDns2,
    guestCidr: zone.guestCidr,
    localStorageEnabled: zone.localStorageEnabled,
  };
  const { zoneId, ...changes } = data;
  const next = updatedSettings(current, changes, (s) => validSettings(zone.networkType, s));
  return next === null
    ? []
    : [{ type: 'ZoneUpdated', data: { zoneId, networkType: zone.networkType, ...next } }];
};

const allocationEventTypes = { Enabled: 'ZoneEnabled', Disabled: 'ZoneDisabled' } as const;

const changeAllocation = (zoneId: string, action: AllocationAction, state: ZoneState): ZoneEvent[] =>
  allocationEvents(requireZone(state, zoneId).allocationState, action, allocationEventTypes, { zoneId });

const deleteZone = ({ data }: DeleteZone, state: ZoneState): ZoneEvent[] => {
  const zone = requireZone(state, data.zoneId);
  if (data.podCount > 0)
    throw illegalState(
      'ZONE_HAS_PODS',
      `Zone ${zone.name} still has ${data.podCount} pod(s); delete them first`,
      {
        zoneId: zone.zoneId,
        podCount: data.podCount,
      },
    );
  return [{ type: 'ZoneDeleted', data: { zoneId: zone.zoneId, name: zone.name } }];
};

export const decide = (command: ZoneCommand, state: ZoneState): readonly ZoneEvent[] => {
  switch (command.type) {
    case 'CreateZone':
      return createZone(command, state);
    case 'UpdateZone':
      return updateZone(command, state);
    case 'EnableZone':
      return changeAllocation(command.data.zoneId, 'Enable', state);
    case 'DisableZone':
      return changeAllocation(command.data.zoneId, 'Disable', state);
    case 'DeleteZone':
      return deleteZone(command, state);
    default: {
      const unknown: never = command;
      throw invalid('ZONE_COMMAND_UNKNOWN', `Unknown zone command ${(unknown as { type: string }).type}`);
    }
  }
};
