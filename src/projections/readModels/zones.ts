import {
  type Zone,
  type ZoneState,
  zoneCategory,
  zoneDecider,
  zoneEventSchemas,
} from '../../domain/zone/index.ts';
import { streamReadModel } from './support.ts';

export const zones = streamReadModel<ZoneState>({
  name: 'zones',
  version: 1,
  category: zoneCategory,
  schemas: zoneEventSchemas,
  decider: zoneDecider,
  columns: `name text NOT NULL, network_type text NOT NULL, allocation_state text NOT NULL,
    dns1 text NOT NULL, dns2 text, internal_dns1 text NOT NULL, internal_dns2 text, guest_cidr text,
    local_storage_enabled boolean NOT NULL`,
  indexes: ['(name, id)'],
  columnsOf: (z: Zone | null) =>
    z && {
      name: z.name,
      network_type: z.networkType,
      allocation_state: z.allocationState,
      dns1: z.dns1,
      dns2: z.dns2,
      internal_dns1: z.internalDns1,
      internal_dns2: z.internalDns2,
      guest_cidr: z.guestCidr,
      local_storage_enabled: z.localStorageEnabled,
    },
  removed: (z) => z?.removed === true,
});
