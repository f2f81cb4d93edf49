import { cidrContains, formatCidr, parseCidr } from './cidr';

describe('cidr', () => {
  it('parses both families and clears host bits as NetBox saves prefixes', () => {
    expect(formatCidr(parseCidr('10.112.129.77/24')!)).toBe('10.112.129.0/24');
    expect(formatCidr(parseCidr('2001:DB8:0:0:1::/48')!)).toBe('2001:db8::/48');
    expect(formatCidr(parseCidr('::ffff:10.0.0.1/128')!)).toBe(
      '::ffff:a00:1/128',
    );
    expect(formatCidr(parseCidr('192.0.2.1')!)).toBe('192.0.2.1/32');
  });

  it('rejects malformed input', () => {
    for (const bad of [
      '10.0.0/24',
      '10.0.0.256/24',
      '10.0.0.0/33',
      '1::2::3/64',
      'x',
      '10.0.0.0/24/1',
    ]) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it('answers containment within one family only', () => {
    const outer = parseCidr('10.112.0.0/15')!;
    expect(cidrContains(outer, parseCidr('10.113.5.0/24')!)).toBe(true);
    expect(cidrContains(outer, parseCidr('10.114.0.0/24')!)).toBe(false);
    expect(cidrContains(outer, outer, false)).toBe(false);
    expect(cidrContains(parseCidr('::/0')!, parseCidr('10.0.0.0/8')!)).toBe(
      false,
    );
  });
});
