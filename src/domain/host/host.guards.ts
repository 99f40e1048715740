import { notFound, requireLive } from '../shared/index.ts';
import type { Host, HostState } from './host.state.ts';

export const requireHost = (state: HostState, hostId: string): Host =>
  requireLive(state, () =>
    notFound('HOST_NOT_FOUND', `Host ${hostId} does not exist or was removed`, { hostId }),
  );

/** The ids every host event carries. */
export const placeOf = (h: Host) => ({
  hostId: h.hostId,
  zoneId: h.zoneId,
  podId: h.podId,
  clusterId: h.clusterId,
});
