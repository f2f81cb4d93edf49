import { emptyInventory, NetboxInventory } from '../../netbox/inventory';

/**
 * A small NetBox: site group `eu` (site `ams`), VLAN groups `dc-a` (scoped to the site group) and
 * `dc-b` (scoped to site `ams`), and `other` (unscoped). vid 120 only in dc-a, vid 130 in dc-a and
 * dc-b (ambiguous within the site group), vid 140 in `other` only.
 */
export function testNetbox(): NetboxInventory {
  const inv = emptyInventory();
  inv.siteGroups.set(1, { id: 1, name: 'Europe', slug: 'eu' });
  inv.sites.set(1, { id: 1, name: 'Amsterdam', slug: 'ams', group: { id: 1 } });
  inv.vlanGroups.set(10, {
    id: 10,
    name: 'DC A',
    slug: 'dc-a',
    scope_type: 'dcim.sitegroup',
    scope_id: 1,
  });
  inv.vlanGroups.set(11, {
    id: 11,
    name: 'DC B',
    slug: 'dc-b',
    scope_type: 'dcim.site',
    scope_id: 1,
  });
  inv.vlanGroups.set(12, { id: 12, name: 'Other', slug: 'other' });
  const vlan = (id: number, vid: number, group: number) =>
    inv.vlans.set(id, { id, vid, name: `v${vid}`, group: { id: group } });
  vlan(100, 120, 10);
  vlan(101, 130, 10);
  vlan(102, 130, 11);
  vlan(103, 140, 12);
  return inv;
}
