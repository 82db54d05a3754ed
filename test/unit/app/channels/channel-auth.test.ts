// The IP allow-list of a channel: CIDR ranges, single addresses, IPv4 behind a dual-stack socket.
import { describe, expect, it } from 'vitest';
import { ipAllowed, parseCidr } from '../../../../app/channels/channel-auth.ts';

describe('channel IP allow-list', () => {
  const qiwi = ['79.142.16.0/20', '91.232.230.0/23'];

  it('lets in addresses inside the ranges only', () => {
    expect(ipAllowed('79.142.16.1', qiwi)).toBe(true);
    expect(ipAllowed('79.142.31.255', qiwi)).toBe(true);
    expect(ipAllowed('79.142.32.0', qiwi)).toBe(false);
    expect(ipAllowed('91.232.231.7', qiwi)).toBe(true);
    expect(ipAllowed('10.0.0.1', qiwi)).toBe(false);
  });

  it('reads IPv4-mapped IPv6 and plain IPv6', () => {
    expect(ipAllowed('::ffff:79.142.20.5', qiwi)).toBe(true);
    expect(ipAllowed('2001:db8::5', ['2001:db8::/32'])).toBe(true);
    expect(ipAllowed('2001:db9::5', ['2001:db8::/32'])).toBe(false);
  });

  it('an empty list lets anyone in (the channel then needs Basic auth or a secret)', () => {
    expect(ipAllowed('203.0.113.9', [])).toBe(true);
  });

  it('parses single addresses and refuses nonsense', () => {
    expect(parseCidr('127.0.0.1')).toEqual({ address: '127.0.0.1', prefix: 32, family: 'ipv4' });
    for (const bad of ['79.142.16.0/33', '79.142.16/20', 'localhost', '1.2.3.4/x', '1.2.3.4/8/9', '::1/129'])
      expect(parseCidr(bad), bad).toBeUndefined();
  });
});
