import { type Pod, type PodState, podCategory, podDecider, podEventSchemas } from '../../domain/pod/index.ts';
import { streamReadModel } from './support.ts';

export const pods = streamReadModel<PodState>({
  name: 'pods',
  version: 1,
  category: podCategory,
  schemas: podEventSchemas,
  decider: podDecider,
  columns: `name text NOT NULL, zone_id text NOT NULL, allocation_state text NOT NULL,
    gateway text NOT NULL, netmask text NOT NULL, start_ip text NOT NULL, end_ip text NOT NULL`,
  indexes: ['(zone_id, name, id)', '(name, id)'],
  columnsOf: (p: Pod | null) =>
    p && {
      name: p.name,
      zone_id: p.zoneId,
      allocation_state: p.allocationState,
      gateway: p.gateway,
      netmask: p.netmask,
      start_ip: p.startIp,
      end_ip: p.endIp,
    },
  removed: (p) => p?.removed === true,
});
