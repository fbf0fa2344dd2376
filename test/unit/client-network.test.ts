// Which network a request counts for: per-client limits and device cohorts key on it.
import { describe, expect, it } from 'vitest';
import { networkOf } from '../../server/http/client-network';

describe('networkOf', () => {
  it('when the address is IPv4, then it is its own network', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('203.0.113.8')).not.toBe(networkOf('203.0.113.7'));
  });

  it('when IPv4 is written as IPv6 (a dual-stack socket), then it is the IPv4 address', () => {
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('when the address is IPv6, then every address of its /64 is one network, however written, and the next /64 another', () => {
    const home = networkOf('2001:db8:5:6::1');
    expect(home).toBe('2001:db8:5:6::/64');
    for (const other of ['2001:db8:5:6:ffff:ffff:ffff:ffff', '2001:DB8:5:6:0:0:0:1', '2001:0db8:0005:0006:a:b:c:d']) expect(networkOf(other)).toBe(home);
    expect(networkOf('2001:db8:5:7::1')).toBe('2001:db8:5:7::/64');
    expect(networkOf('2001:db8:5:6::1')).not.toBe(networkOf('2001:db8:4:6::1'));
    expect(networkOf('2001:db8:1:2:3::')).toBe('2001:db8:1:2::/64');
  });

  it('when the value is not an address, then it stands for itself, so nothing unparseable is merged with anything else', () => {
    expect(networkOf('')).toBe('');
    expect(networkOf('not an address')).toBe('not an address');
  });
});
