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
