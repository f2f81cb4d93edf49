import { checkCidr, checkCreateItem, checkUpdateItem } from './validation';
import { SegmentItemError } from './types';

describe('checkCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.168.1.0/24', '192.168.1.0/24'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000::/64', '2001:db8::/64'],
    ['::/1', '::/1'],
    ['fe80::/10', 'fe80::/10'],
    ['2001:db8:0:1::/64', '2001:db8:0:1::/64'],
    ['::ffff:10.0.0.0/120', '::ffff:a00:0/120'],
    ['2001:db8::1/128', '2001:db8::1/128'],
    [' 10.1.0.0/16', '10.1.0.0/16'],
  ])('accepts %s', (input, text) => {
    expect(checkCidr(input)).toMatchObject({ ok: true, text });
  });

  it.each([
    ['10.0.0.1/24', /host bits.*10\.0\.0\.0\/24/],
    ['2001:db8::1/64', /host bits.*2001:db8::\/64/],
    ['10.0.0.0', /CIDR/],
    ['10.0.0.256/24', /well-formed/],
    ['10.0.0.0/33', /1-32/],
    ['10.0.0.0/0', /1-32/],
    ['10.0.0.0/24/1', /well-formed/],
    ['2001:db8::/129', /1-128/],
    ['fe80::1%eth0/64', /well-formed/],
    ['1::2::/64', /well-formed/],
    ['2001:db8:0:1::/48', /host bits.*2001:db8::\/48/],
    ['10.0.0.0/ 24', /well-formed/],
    [42, /CIDR such as/],
  ])('rejects %s', (input, message) => {
    const result = checkCidr(input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(message);
  });
});

describe('item checks', () => {
  const pattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

  it('names each bad field of a create item', () => {
    const errors: SegmentItemError[] = [];
    expect(
      checkCreateItem(
        {
          site: '',
          vlan_id: 4095,
          epg_name: '-x',
          prefix: 'x',
          vrf: 1,
          extra: 1,
        },
        3,
        pattern,
        errors,
      ),
    ).toBeUndefined();
    expect(errors.map(e => [e.index, e.field])).toEqual([
      [3, 'extra'],
      [3, 'site'],
      [3, 'vlan_id'],
      [3, 'epg_name'],
      [3, 'prefix'],
    ]);
    expect(errors[2].message).toBe(
      'vlan_id 4095 is outside the VLAN id range 1-4094',
    );
  });

  it('canonicalises a good create item', () => {
    const errors: SegmentItemError[] = [];
    expect(
      checkCreateItem(
        {
          site: 'hq',
          vlan_id: 10,
          epg_name: 'EPG_a',
          prefix: '2001:DB8::/48',
          vrf: 'Alpha',
        },
        0,
        pattern,
        errors,
      ),
    ).toMatchObject({ prefix: '2001:db8::/48', dhcp: false, description: '' });
    expect(errors).toEqual([]);
  });

  it('checks update items and their changes', () => {
    const errors: SegmentItemError[] = [];
    checkUpdateItem(
      { id: 5, changes: { vlan_id: 0, site: 'x' } },
      1,
      pattern,
      errors,
    );
    checkUpdateItem({ id: 'a', changes: {} }, 2, pattern, errors);
    expect(errors.map(e => [e.index, e.field])).toEqual([
      [1, 'changes.site'],
      [1, 'changes.vlan_id'],
      [2, 'id'],
    ]);
  });
});
