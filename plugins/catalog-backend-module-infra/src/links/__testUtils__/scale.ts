import { emptyInventory } from '../../netbox/inventory';
import { VsphereInventory } from '../../vsphere/transform/model';
import { LinkLists } from '../netbox';

/** 10,000 VMs on 100 hosts in 10 clusters, 2,000 portgroups; NetBox: 10,000 VLANs in 10 groups. */
export function linkScale() {
  const dc = { type: 'Datacenter', value: 'dc-1' };
  const inv: VsphereInventory = {
    vcenterId: 'big',
    url: 'https://vc/sdk',
    datacenters: [{ ref: dc, name: 'DC1' }],
    clusters: [],
    hosts: [],
    vms: [],
    datastores: [],
    networks: [],
    dvSwitches: [],
  };
  for (let c = 0; c < 10; c++)
    inv.clusters.push({
      ref: { type: 'ClusterComputeResource', value: `c-${c}` },
      name: `cl-${c}`,
      datacenter: dc,
      isCluster: true,
    });
  for (let h = 0; h < 100; h++)
    inv.hosts.push({
      ref: { type: 'HostSystem', value: `host-${h}` },
      name: `esx-${h}`,
      datacenter: dc,
      computeResource: inv.clusters[h % 10].ref,
      serial: `SN${h}`,
      datastores: [],
    });
  for (let n = 0; n < 2000; n++)
    inv.networks.push({
      ref: { type: 'DistributedVirtualPortgroup', value: `pg-${n}` },
      name: `pg-${n}`,
      datacenter: dc,
      kind: 'dvportgroup',
      vlan: { kind: 'vlan', id: 1 + (n % 4000) },
      hostCount: 100,
      vmCount: 5,
    });
  for (let v = 0; v < 10_000; v++)
    inv.vms.push({
      ref: { type: 'VirtualMachine', value: `vm-${v}` },
      name: `vm-${v}`,
      datacenter: dc,
      template: false,
      host: inv.hosts[v % 100].ref,
      computeResource: inv.clusters[v % 10].ref,
      ipAddress: `10.${v >> 16}.${(v >> 8) & 255}.${v & 255}`,
      datastores: [],
      networks: [inv.networks[v % 2000].ref],
    });

  const nb = emptyInventory();
  nb.siteGroups.set(1, { id: 1, name: 'EU', slug: 'eu' });
  for (let g = 0; g < 10; g++)
    nb.vlanGroups.set(g + 1, {
      id: g + 1,
      name: `g${g}`,
      slug: `g${g}`,
      scope_type: 'dcim.sitegroup',
      scope_id: 1,
    });
  for (let i = 0; i < 10_000; i++)
    nb.vlans.set(i + 1, {
      id: i + 1,
      vid: 1 + (i % 4000),
      name: `v${i}`,
      group: { id: 1 + Math.floor(i / 1000) },
    });
  const lists: LinkLists = {
    devices: Array.from({ length: 100 }, (_, i) => ({
      id: i + 1,
      name: `d${i}`,
      serial: `sn${i}`,
      site: { id: 1, name: 'AMS' },
      rack: { id: 1, name: 'R1' },
      position: i % 42,
    })),
    vms: Array.from({ length: 10_000 }, (_, i) => ({
      id: i + 1,
      name: `vm-${i}`,
      cluster: { id: 1, name: `cl-${i % 10}` },
    })),
  };
  return { inv, nb, lists };
}
