import { networkOf, parseIpv4, prefixOfNetmask } from '../infrastructure/index.ts';
import { invalid } from '../shared/index.ts';
import type { PodNetwork } from './pod.commands.ts';

const address = (field: keyof PodNetwork, network: PodNetwork): number => {
  const value = network[field];
  const parsed = parseIpv4(value);
  if (parsed === null)
    throw invalid('POD_IP_INVALID', `The pod's ${field} must be an IPv4 address such as 192.168.1.1`, {
      field,
      value,
    });
  return parsed;
};

/**
 * CloudStack's pod checks (ConfigurationManagerImpl.checkPodAttributes): a contiguous netmask, a range
 * inside the gateway's subnet, start ≤ end, and the gateway outside the range it would hand out.
 */
export const validatePodNetwork = (network: PodNetwork): void => {
  const gateway = address('gateway', network);
  address('netmask', network);
  const start = address('startIp', network);
  const end = address('endIp', network);
  const prefix = prefixOfNetmask(network.netmask);
  if (prefix === null)
    throw invalid('POD_NETMASK_INVALID', 'The netmask must be contiguous, such as 255.255.255.0', {
      netmask: network.netmask,
    });
  const subnet = networkOf(gateway, prefix);
  if (networkOf(start, prefix) !== subnet || networkOf(end, prefix) !== subnet)
    throw invalid(
      'POD_IP_RANGE_OUTSIDE_SUBNET',
      `The IP range ${network.startIp}-${network.endIp} must lie in the subnet of gateway ${network.gateway}/${prefix}`,
      { ...network },
    );
  if (start > end)
    throw invalid(
      'POD_IP_RANGE_REVERSED',
      `The start IP ${network.startIp} comes after the end IP ${network.endIp}`,
      {
        startIp: network.startIp,
        endIp: network.endIp,
      },
    );
  if (gateway >= start && gateway <= end)
    throw invalid(
      'POD_GATEWAY_IN_RANGE',
      `The gateway ${network.gateway} must not lie inside the pod's IP range`,
      {
        ...network,
      },
    );
};
