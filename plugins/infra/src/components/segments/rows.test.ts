import { DEFAULT_EPG_NAME_PATTERN } from '@infra-inventory/plugin-infra-common';
import { parseRows, rowErrorsOf } from './rows';

const pattern = new RegExp(DEFAULT_EPG_NAME_PATTERN);

describe('parseRows', () => {
  it('reads rows in the form order, with optional DHCP and description', () => {
    const parsed = parseRows(
      [
        '140, app, hq, 10.40.0.0/24, prod',
        '',
        '# a comment',
        '141,db,hq,2001:DB8:1::/64,prod,yes,"primary, replicated"',
      ].join('\n'),
      pattern,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.lines).toEqual([1, 4]);
    expect(parsed.items).toEqual([
      {
        vlan_id: 140,
        epg_name: 'app',
        site: 'hq',
        prefix: '10.40.0.0/24',
        vrf: 'prod',
        dhcp: false,
        description: '',
      },
      {
        vlan_id: 141,
        epg_name: 'db',
        site: 'hq',
        prefix: '2001:db8:1::/64',
        vrf: 'prod',
        dhcp: true,
        description: 'primary, replicated',
      },
    ]);
  });

  it('takes the column order from a header line and tab-separated spreadsheet rows', () => {
    const parsed = parseRows(
      'Prefix\tVRF\tSite group\tVLAN id\tEPG name\n10.1.0.0/16\tprod\thq\t10\tweb',
      pattern,
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.items).toEqual([
      expect.objectContaining({
        prefix: '10.1.0.0/16',
        vrf: 'prod',
        site: 'hq',
        vlan_id: 10,
        epg_name: 'web',
      }),
    ]);
    expect(parsed.lines).toEqual([2]);
  });

  it('reports each bad cell with its line, and keeps the good rows', () => {
    const parsed = parseRows(
      [
        '4095,app,hq,10.40.0.0/24,prod',
        '12,ok,hq,10.41.0.0/24,prod',
        'x,bad name,hq,10.42.0.1/24,,maybe',
        '1,a,b,10.0.0.0/8,c,no,d,extra',
      ].join('\n'),
      pattern,
    );
    expect(parsed.items.map(i => i.vlan_id)).toEqual([12]);
    expect(parsed.lines).toEqual([2]);
    expect(parsed.errors).toEqual([
      'Line 1: vlan_id 4095 is outside the VLAN id range 1-4094',
      'Line 3: vrf is required (VRF name, RD or id)',
      'Line 3: vlan_id must be a whole number from 1 to 4094',
      `Line 3: epg_name 'bad name' does not match ${pattern.source}`,
      "Line 3: prefix '10.42.0.1/24' has host bits set; the network is 10.42.0.0/24",
      'Line 3: dhcp must be true or false',
      'Line 4: 8 cells, at most 7 expected (vlan_id, epg_name, site, prefix, vrf, dhcp, description)',
    ]);
  });

  it('asks for a row when nothing was pasted', () => {
    expect(parseRows(' \n# only a comment', pattern).errors).toEqual([
      'Paste at least one row',
    ]);
  });
});

describe('rowErrorsOf', () => {
  it("puts the line of the item in front of the backend's messages", () => {
    expect(
      rowErrorsOf(
        [
          { index: 1, field: 'vlan_id', message: 'vlan_id 12 is taken' },
          { field: 'item', message: 'NetBox rejected the batch' },
        ],
        [2, 5],
      ),
    ).toEqual(['Line 5: vlan_id 12 is taken', 'NetBox rejected the batch']);
  });
});
