/**
 * IPv4 arithmetic for zones' guest CIDRs and pods' management ranges. Addresses are unsigned 32-bit
 * numbers so ranges and subnets compare with plain arithmetic.
 */

const octet = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** A dotted quad without leading zeros ("010.0.0.1" is ambiguous: octal in some tools), or null. */
export const parseIpv4 = (text: string): number | null => {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => octet.test(p))) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
};

export const formatIpv4 = (address: number): string =>
  [24, 16, 8, 0].map((shift) => (address >>> shift) & 255).join('.');

export const isIpv4 = (text: string): boolean => parseIpv4(text) !== null;

export const maskOfPrefix = (prefix: number): number =>
  prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;

/** The prefix length of a contiguous netmask ("255.255.255.0" → 24), or null when not contiguous. */
export const prefixOfNetmask = (netmask: string): number | null => {
  const mask = parseIpv4(netmask);
  if (mask === null) return null;
  for (let prefix = 0; prefix <= 32; prefix++) if (maskOfPrefix(prefix) === mask) return prefix;
  return null;
};

export type Ipv4Cidr = { readonly network: number; readonly prefix: number };

/** "10.1.1.0/24" → its network and prefix; null when malformed or when host bits are set. */
export const parseCidr = (text: string): Ipv4Cidr | null => {
  const [address, prefixText, ...rest] = text.split('/');
  if (address === undefined || prefixText === undefined || rest.length > 0) return null;
  if (!/^(3[0-2]|[12]?\d)$/.test(prefixText)) return null;
  const network = parseIpv4(address);
  const prefix = Number(prefixText);
  if (network === null || (network & ~maskOfPrefix(prefix)) !== 0) return null;
  return { network, prefix };
};

export const networkOf = (address: number, prefix: number): number => (address & maskOfPrefix(prefix)) >>> 0;

export const inSubnet = (address: number, cidr: Ipv4Cidr): boolean =>
  networkOf(address, cidr.prefix) === cidr.network;

/** RFC 1918 blocks: CloudStack only accepts a zone guest CIDR inside them (NetUtils.validateGuestCidr). */
const privateBlocks: readonly Ipv4Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  (block) => parseCidr(block) as Ipv4Cidr,
);

export const isPrivateCidr = (cidr: Ipv4Cidr): boolean =>
  privateBlocks.some((block) => cidr.prefix >= block.prefix && inSubnet(cidr.network, block));
