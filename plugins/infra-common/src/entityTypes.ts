/**
 * `spec.type` values of the Resource entities that Infra Inventory emits. Frontend cards filter on
 * these, so they are part of the public contract.
 */
export const VSPHERE_ENTITY_TYPES = {
  datacenter: 'vsphere-datacenter',
  cluster: 'vsphere-cluster',
  host: 'vsphere-host',
  vm: 'vsphere-vm',
  vmTemplate: 'vsphere-vm-template',
  datastore: 'vsphere-datastore',
  network: 'vsphere-network',
  dvPortgroup: 'vsphere-dv-portgroup',
  dvSwitch: 'vsphere-dv-switch',
} as const;

/** @public */
export type VsphereEntityType =
  (typeof VSPHERE_ENTITY_TYPES)[keyof typeof VSPHERE_ENTITY_TYPES];

export const NETBOX_ENTITY_TYPES = {
  vlan: 'netbox-vlan',
  vlanGroup: 'netbox-vlan-group',
  prefix: 'netbox-prefix',
  vrf: 'netbox-vrf',
  site: 'netbox-site',
  siteGroup: 'netbox-site-group',
  tenant: 'netbox-tenant',
} as const;

/** @public */
export type NetboxEntityType =
  (typeof NETBOX_ENTITY_TYPES)[keyof typeof NETBOX_ENTITY_TYPES];

/** A network switch that MAC traces log in to. */
export const NETWORK_SWITCH_ENTITY_TYPE = 'network-switch';
