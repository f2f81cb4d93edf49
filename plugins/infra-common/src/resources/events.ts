/**
 * The event the catalog's vSphere sync publishes (Backstage events service) when it applied
 * changes of a vCenter, so that the resources API drops the cache entries they affect.
 */
export const VSPHERE_CHANGED_TOPIC = 'infra.vsphere.changed';

/** Payload of {@link VSPHERE_CHANGED_TOPIC}. */
export interface VsphereChangedEvent {
  /**
   * The vCenter's id: its key under `catalog.providers.vsphere` (`default` for the single-block
   * form). The catalog module and the resources API read the same config, so ids match.
   */
  vcenter: string;
  /** Morefs of the clusters whose resources (pools, networks, datastores, templates) changed. */
  clusters: string[];
  /** True when the vCenter's datacenter or cluster lists may have changed. */
  datacenters?: boolean;
}
