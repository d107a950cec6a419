import { describe, expect, it } from 'vitest';
import { countedAddress } from '#server/auth/client-address.ts';

/** The address the office's limits count a client under (sign-in failures, guesses at the public pages). */
describe('the counted address', () => {
  it('is an IPv4 address itself, written plainly or mapped into IPv6', () => {
    expect(countedAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(countedAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(countedAddress('::FFFF:10.0.0.1')).toBe('10.0.0.1');
  });

  it('is the /64 network of an IPv6 address, however the address is written', () => {
    const network = '2001:db8:1:2::/64';
    for (const a of ['2001:db8:1:2:3:4:5:6', '2001:DB8:1:2::9', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::']) expect(countedAddress(a), a).toBe(network);
    expect(countedAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(countedAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(countedAddress('fe80::1%eth0')).toBe(countedAddress('fe80::2%eth1'));
    expect(countedAddress('2001:db8:1:2:3:4:1.2.3.4')).toBe(network);
  });

  it('is the IPv4 client behind NAT64’s well-known prefix', () => {
    expect(countedAddress('64:ff9b::192.0.2.33')).toBe('192.0.2.33');
    expect(countedAddress('64:ff9b::c000:221')).toBe('192.0.2.33');
  });

  it('is what was given when it is no address', () => {
    expect(countedAddress('')).toBe('');
    expect(countedAddress('unknown')).toBe('unknown');
  });
});
