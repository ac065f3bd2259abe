import {
  formatIpv4,
  isCidr,
  isIpv4,
  isReversedRange,
  parseCidr,
  parseIpv4,
  parseIpv4Range,
  rangeContains,
  rangeContainsAddress,
  rangesOverlap,
} from '../../src/kube/ipv4';

describe('IPv4 addresses', () => {
  test('parse dotted quads only, without leading zeros or shorthand, and format them back', () => {
    expect(parseIpv4('192.168.111.10')).toBe(0xc0a86f0a);
    expect(formatIpv4(0xc0a86f0a)).toBe('192.168.111.10');
    expect(formatIpv4(parseIpv4('255.255.255.255')!)).toBe('255.255.255.255');
    for (const text of ['192.168.111', '192.168.111.010', '256.1.1.1', '1.2.3.4.5', '10.0.0.-1', 'a.b.c.d', '']) {
      expect(isIpv4(text)).toBe(false);
    }
  });
});

describe('CIDR blocks and ranges', () => {
  test('parse a network address with its prefix length, and refuse host bits', () => {
    expect(parseCidr('10.244.0.0/16')).toEqual({ text: '10.244.0.0/16', prefixLength: 16, first: parseIpv4('10.244.0.0'), last: parseIpv4('10.244.255.255') });
    expect(parseCidr('0.0.0.0/0')?.last).toBe(2 ** 32 - 1);
    expect(isCidr('10.244.1.0/16')).toBe(false);
    expect(isCidr('10.244.0.0/33')).toBe(false);
    expect(isCidr('10.244.0.0')).toBe(false);
  });

  test('parse MetalLB ranges in both notations, and tell a reversed range from a malformed one', () => {
    expect(parseIpv4Range('10.0.3.240-10.0.3.250')).toEqual({ first: parseIpv4('10.0.3.240'), last: parseIpv4('10.0.3.250') });
    expect(parseIpv4Range('10.0.3.240 - 10.0.3.250')).toEqual({ first: parseIpv4('10.0.3.240'), last: parseIpv4('10.0.3.250') });
    expect(parseIpv4Range('10.0.3.0/28')?.last).toBe(parseIpv4('10.0.3.15'));
    expect(parseIpv4Range('10.0.3.250-10.0.3.241')).toBeUndefined();
    expect(isReversedRange('10.0.3.250-10.0.3.241')).toBe(true);
    expect(isReversedRange('10.0.3.241-10.0.3.250')).toBe(false);
    expect(isReversedRange('10.0.3.0/28')).toBe(false);
  });

  test('compare ranges: overlap, containment and membership, ends included', () => {
    const pool = parseIpv4Range('10.0.3.240-10.0.3.250')!;
    const block = parseCidr('10.0.3.0/24')!;
    expect(rangeContains(block, pool)).toBe(true);
    expect(rangeContains(pool, block)).toBe(false);
    expect(rangesOverlap(pool, parseIpv4Range('10.0.3.250-10.0.3.255')!)).toBe(true);
    expect(rangesOverlap(pool, parseIpv4Range('10.0.3.251-10.0.3.255')!)).toBe(false);
    expect(rangeContainsAddress(pool, parseIpv4('10.0.3.250')!)).toBe(true);
    expect(rangeContainsAddress(pool, parseIpv4('10.0.3.239')!)).toBe(false);
  });
});
