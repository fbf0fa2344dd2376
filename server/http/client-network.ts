// Which network a request comes from, for every per-client limit. An IPv6 customer is handed a whole /64 (often
// a /56) and may use any of its 2^64 addresses: counted per address, one phone could mint a device credential,
// a report budget and a socket allowance per address, i.e. without end. So IPv6 is counted per /64, the unit a
// provider assigns (RFC 6177), as mail and abuse systems do; IPv4, and IPv4 written as IPv6 (::ffff:a.b.c.d, what
// a dual-stack socket reports), per address.
import ipaddr from 'ipaddr.js';

const IPV6_NETWORK_BITS = 64;

/** The network an address stands for: the IPv4 address itself, or an IPv6 address's /64 as `prefix::/64`. */
export function networkOf(address: string): string {
  if (!ipaddr.isValid(address)) return address; // not an address (a unix socket, a test double): itself
  const parsed = ipaddr.process(address); // ::ffff:a.b.c.d → a.b.c.d
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toNormalizedString()}/${IPV6_NETWORK_BITS}`);
  return `${network.toString()}/${IPV6_NETWORK_BITS}`;
}
