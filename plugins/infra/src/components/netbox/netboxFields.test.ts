import { fixture } from './__testUtils__/entities';
import {
  ambiguousVlanRefs,
  deviceLink,
  isNetboxRefOf,
  isVlanGroupRef,
  placementRefs,
  siteFields,
  siteGroupFields,
  tenantFields,
  vmLink,
  prefixFields,
  safeUrl,
  scopeName,
  sortByPrefix,
  vlanFields,
} from './netboxFields';
import { refFilters } from './queries';

describe('NetBox entity fields', () => {
  it('reads spec.netbox tolerantly', () => {
    expect(vlanFields(fixture('prod-vlan-12'))).toMatchObject({
      vid: 120,
      name: 'app',
      vlanGroup: 'DC1 VLANs',
      siteGroup: 'Zurich',
    });
    const odd = {
      ...fixture('prod-prefix-100'),
      spec: { type: 'netbox-prefix', netbox: { utilization: 'lots', dhcp: 1 } },
    };
    expect(prefixFields(odd)).toMatchObject({
      prefix: '10.1.20.0/24',
      utilization: undefined,
      dhcp: undefined,
    });
  });

  it('links only http(s) addresses', () => {
    expect(safeUrl('https://netbox/x/')).toBe('https://netbox/x/');
    expect(safeUrl(['javascript', 'alert(1)'].join(':'))).toBeUndefined();
    expect(safeUrl('ftp://netbox/x/')).toBeUndefined();
    expect(safeUrl(undefined)).toBeUndefined();
  });

  it('names scopes, sorts prefixes by address and splits ambiguous refs', () => {
    expect(scopeName('dcim.sitegroup')).toBe('Site group');
    expect(scopeName('dcim.other')).toBe('dcim.other');
    expect(
      sortByPrefix([
        fixture('prod-prefix-102'),
        fixture('prod-prefix-100'),
        fixture('prod-prefix-101'),
      ]).map(e => e.metadata.title),
    ).toEqual(['10.1.3.0/24', '10.1.20.0/24', '10.1.130.0/24']);
    expect(ambiguousVlanRefs(fixture('lab-dvportgroup-23'))).toEqual([
      'resource:default/prod-vlan-41',
      'resource:default/prod-vlan-42',
    ]);
    expect(isVlanGroupRef('resource:default/prod-vlangroup-5')).toBe(true);
    expect(isVlanGroupRef('resource:default/prod-vlan-5')).toBe(false);
  });

  it('reads sites, site groups and tenants, and tells their refs apart by name', () => {
    expect(siteFields(fixture('prod-site-7'))).toEqual({
      name: 'Zurich DC1',
      slug: 'zrh1',
      status: 'active',
      siteGroup: 'Zurich',
    });
    expect(siteGroupFields(fixture('prod-sitegroup-1'))).toEqual({
      name: 'Zurich',
      slug: 'zurich',
      parent: 'Europe',
    });
    expect(tenantFields(fixture('prod-tenant-4'))).toEqual({
      name: 'Infra',
      slug: 'infra',
    });
    expect(isNetboxRefOf('netbox-site', 'resource:default/prod-site-7')).toBe(
      true,
    );
    expect(
      isNetboxRefOf('netbox-site', 'resource:default/prod-sitegroup-1'),
    ).toBe(false);
    expect(
      placementRefs([
        'resource:default/prod-vlan-12',
        'resource:default/prod-sitegroup-1',
        'resource:default/prod-tenant-4',
      ]),
    ).toEqual({
      site: undefined,
      siteGroup: 'resource:default/prod-sitegroup-1',
      tenant: 'resource:default/prod-tenant-4',
    });
  });

  it('reads the match label of hosts (no-serial included) and VMs', () => {
    expect(deviceLink(fixture('lab-host-14')).match).toBe('no-serial');
    expect(deviceLink(fixture('lab-host-13')).match).toBeUndefined();
    expect(vmLink(fixture('lab-vm-100')).match).toBe('linked');
    expect(vmLink(fixture('lab-vm-104')).match).toBe('unmatched');
    // VM linking off for that vCenter: no label
    expect(vmLink(fixture('dc2-vm-5')).match).toBeUndefined();
  });

  it('turns refs into one filter per kind and namespace', () => {
    expect(
      refFilters([
        'resource:default/a',
        'resource:default/b',
        'resource:other/c',
        'not a ref',
      ]),
    ).toEqual([
      {
        kind: 'resource',
        'metadata.namespace': 'default',
        'metadata.name': ['a', 'b'],
      },
      {
        kind: 'resource',
        'metadata.namespace': 'other',
        'metadata.name': ['c'],
      },
    ]);
  });
});
