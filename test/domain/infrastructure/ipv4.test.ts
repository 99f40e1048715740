import { describe, expect, it } from 'vitest';
import {
  formatIpv4,
  inSubnet,
  isPrivateCidr,
  parseCidr,
  parseIpv4,
  prefixOfNetmask,
} from '../../../src/domain/infrastructure/index.ts';

describe('ipv4: addresses', () => {
  it('parses a dotted quad into an unsigned number', () =>
    expect(parseIpv4('192.168.1.10')).toBe(3232235786));

  it('parses the top address without going negative', () =>
    expect(parseIpv4('255.255.255.255')).toBe(4294967295));

  it.each(['1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', '', 'a.b.c.d', '1.2.3.4 '])(
    'refuses %j',
    (text) => expect(parseIpv4(text)).toBeNull(),
  );

  it('formats back what it parsed', () =>
    expect(formatIpv4(parseIpv4('10.20.30.40') as number)).toBe('10.20.30.40'));
});

describe('ipv4: netmasks and CIDRs', () => {
  it('reads the prefix of a contiguous netmask', () => expect(prefixOfNetmask('255.255.240.0')).toBe(20));

  it('reads /0 and /32', () => {
    expect(prefixOfNetmask('0.0.0.0')).toBe(0);
    expect(prefixOfNetmask('255.255.255.255')).toBe(32);
  });

  it('refuses a non-contiguous netmask', () => expect(prefixOfNetmask('255.255.0.255')).toBeNull());

  it('parses a network CIDR', () =>
    expect(parseCidr('172.16.0.0/12')).toEqual({ network: parseIpv4('172.16.0.0'), prefix: 12 }));

  it.each(['10.0.0.1/8', '10.0.0.0', '10.0.0.0/33', '10.0.0.0/8/1', '10.0.0.0/08x'])(
    'refuses CIDR %j',
    (text) => expect(parseCidr(text)).toBeNull(),
  );

  it('knows which addresses lie in a subnet', () => {
    const cidr = parseCidr('192.168.10.0/24')!;
    expect(inSubnet(parseIpv4('192.168.10.255')!, cidr)).toBe(true);
    expect(inSubnet(parseIpv4('192.168.11.0')!, cidr)).toBe(false);
  });

  it('accepts RFC 1918 networks only as private', () => {
    expect(isPrivateCidr(parseCidr('10.1.1.0/24')!)).toBe(true);
    expect(isPrivateCidr(parseCidr('172.31.0.0/16')!)).toBe(true);
    expect(isPrivateCidr(parseCidr('192.168.0.0/16')!)).toBe(true);
    expect(isPrivateCidr(parseCidr('172.32.0.0/16')!)).toBe(false);
    expect(isPrivateCidr(parseCidr('10.0.0.0/7')!)).toBe(false);
  });
});
