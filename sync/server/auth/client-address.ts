import { isIPv4, isIPv6 } from 'node:net';

/**
 * The address a client's guesses and failed sign-ins are counted under. An IPv4 address is itself (written as an
 * IPv4-mapped IPv6 address too); an IPv6 address counts as its /64 network, the block one subscriber line is given
 * (RFC 6177, RFC 4291 2.5.4): a single client holds 2^64 addresses of its own, and a count per address would give it
 * as many budgets; an IPv4 client reached through NAT64 is its IPv4 address. Anything else is counted as given.
 */
export function countedAddress(ip: string): string {
  const bare = ip.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names an interface, not another client
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return mapped;
  if (!isIPv6(bare)) return ip;
  const groups = expandIPv6(bare);
  // NAT64's well-known prefix (RFC 6052) carries an IPv4 client in its last 32 bits: that client is counted.
  if (groups.slice(0, 6).join(':') === '64:ff9b:0:0:0:0') return groups.slice(6).map((g) => `${parseInt(g, 16) >> 8}.${parseInt(g, 16) & 255}`).join('.');
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros (an embedded IPv4 tail converted). */
function expandIPv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
