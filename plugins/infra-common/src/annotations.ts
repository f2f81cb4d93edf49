/**
 * Annotation keys that Infra Inventory puts on catalog entities. They live under vendor domains
 * (`vsphere.infra-inventory.io`, `netbox.infra-inventory.io`), never under `backstage.io/`.
 */

/** Domain of the annotations that describe a vSphere object. */
export const VSPHERE_ANNOTATION_DOMAIN = 'vsphere.infra-inventory.io';
/** Domain of the annotations that describe a NetBox object. */
export const NETBOX_ANNOTATION_DOMAIN = 'netbox.infra-inventory.io';

/** The configured id of the vCenter an entity was read from. @public */
export const ANNOTATION_VSPHERE_VCENTER = `${VSPHERE_ANNOTATION_DOMAIN}/vcenter`;
/** The managed object reference (moref) value, such as `vm-1234`. @public */
export const ANNOTATION_VSPHERE_MOREF = `${VSPHERE_ANNOTATION_DOMAIN}/moref`;
/** The managed object type, such as `VirtualMachine`. @public */
export const ANNOTATION_VSPHERE_MOREF_TYPE = `${VSPHERE_ANNOTATION_DOMAIN}/moref-type`;
/** A VM's `config.instanceUuid`. @public */
export const ANNOTATION_VSPHERE_INSTANCE_UUID = `${VSPHERE_ANNOTATION_DOMAIN}/instance-uuid`;
/** A host's hardware serial number (the Dell service tag when `serialNumber` is empty). @public */
export const ANNOTATION_VSPHERE_SERIAL = `${VSPHERE_ANNOTATION_DOMAIN}/serial`;

/** The configured id of the NetBox instance an entity was read from. @public */
export const ANNOTATION_NETBOX_INSTANCE = `${NETBOX_ANNOTATION_DOMAIN}/instance`;
/** The NetBox object id. @public */
export const ANNOTATION_NETBOX_ID = `${NETBOX_ANNOTATION_DOMAIN}/id`;
/** The NetBox UI address of the object. @public */
export const ANNOTATION_NETBOX_URL = `${NETBOX_ANNOTATION_DOMAIN}/url`;

/*
 * Written by the vSphere ↔ NetBox linking on vSphere entities (catalog module, `src/links`), read
 * by the frontend's NetBox cards.
 */

/** The NetBox instance a vSphere host or VM was linked against. @public */
export const ANNOTATION_LINK_INSTANCE = `${NETBOX_ANNOTATION_DOMAIN}/link-instance`;
/** Comma-separated refs of the VLANs an ambiguous portgroup could mean (none linked). @public */
export const ANNOTATION_VLAN_AMBIGUOUS = `${NETBOX_ANNOTATION_DOMAIN}/vlan-ambiguous`;
/** NetBox UI address of a host's device. @public */
export const ANNOTATION_DEVICE_URL = `${NETBOX_ANNOTATION_DOMAIN}/device-url`;
/** Name of a host's NetBox device. @public */
export const ANNOTATION_DEVICE_NAME = `${NETBOX_ANNOTATION_DOMAIN}/device`;
/** Site name of a host's NetBox device. @public */
export const ANNOTATION_DEVICE_SITE = `${NETBOX_ANNOTATION_DOMAIN}/device-site`;
/** Rack name of a host's NetBox device. @public */
export const ANNOTATION_DEVICE_RACK = `${NETBOX_ANNOTATION_DOMAIN}/device-rack`;
/** Lowest rack unit of a host's NetBox device. @public */
export const ANNOTATION_DEVICE_POSITION = `${NETBOX_ANNOTATION_DOMAIN}/device-position`;
/** Comma-separated addresses of the devices sharing a host's serial (none linked). @public */
export const ANNOTATION_DEVICE_AMBIGUOUS = `${NETBOX_ANNOTATION_DOMAIN}/device-ambiguous`;
/** NetBox UI address of a VM's NetBox VM. @public */
export const ANNOTATION_VM_URL = `${NETBOX_ANNOTATION_DOMAIN}/vm-url`;
/** Comma-separated addresses of the NetBox VMs a VM could be (none linked). @public */
export const ANNOTATION_VM_AMBIGUOUS = `${NETBOX_ANNOTATION_DOMAIN}/vm-ambiguous`;
/**
 * Outcome of linking: `linked`, `ambiguous` or `unmatched` on portgroups/networks with a single
 * VLAN id, hosts (plus `no-serial` for hosts without a serial number) and, with VM linking on,
 * VMs. @public
 */
export const LABEL_NETBOX_MATCH = `${NETBOX_ANNOTATION_DOMAIN}/match`;
