import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where a VLAN id is looked up in NetBox: a VLAN group and/or a site group (slug or name). */
export interface VlanScope {
  vlanGroup?: string;
  siteGroup?: string;
}

/** `catalog.providers.vsphere.<id>.netbox`, with defaults applied. */
export interface VsphereNetboxLinkConfig {
  /** The vCenter id this applies to. */
  vcenterId: string;
  /** The NetBox instance id (`catalog.providers.netbox.<id>`) to link to. */
  instance: string;
  /** Scope of the whole vCenter. */
  scope: VlanScope;
  /** Per datacenter name: overrides the vCenter scope for networks in that datacenter. */
  datacenters: Record<string, VlanScope>;
  /**
   * Per vSphere cluster name: the NetBox cluster name its VMs are matched in (`netboxCluster`,
   * default the same name) and a VLAN scope kept for clusters mapped apart.
   */
  clusters: Record<string, VlanScope & { netboxCluster?: string }>;
  /** Hosts to NetBox devices by serial number (reads `dcim/devices`, one list). Default true. */
  devices: boolean;
  /** VMs to NetBox virtual machines by name and cluster, or by primary IP. Default false. */
  vms: boolean;
}

const VSPHERE_ROOT = 'catalog.providers.vsphere';

function readScope(c: Config | undefined, path: string): VlanScope {
  if (!c) return {};
  const out: VlanScope = {};
  for (const key of ['vlanGroup', 'siteGroup'] as const) {
    const v = c.getOptionalString(key);
    if (v !== undefined) {
      if (!v.trim()) {
        throw new InputError(
          `${path}.${key} is empty; give a NetBox ${key} slug or name`,
        );
      }
      out[key] = v.trim();
    }
  }
  return out;
}

function readOne(
  vcenterId: string,
  c: Config,
  path: string,
): VsphereNetboxLinkConfig {
  const instance = c.getString('instance');
  const datacenters: Record<string, VlanScope> = {};
  const dcs = c.getOptionalConfig('datacenters');
  for (const name of dcs?.keys() ?? []) {
    datacenters[name] = readScope(
      dcs!.getConfig(name),
      `${path}.datacenters.${name}`,
    );
  }
  const clusters: VsphereNetboxLinkConfig['clusters'] = {};
  const cls = c.getOptionalConfig('clusters');
  for (const name of cls?.keys() ?? []) {
    const cc = cls!.getConfig(name);
    clusters[name] = {
      ...readScope(cc, `${path}.clusters.${name}`),
      netboxCluster: cc.getOptionalString('netboxCluster'),
    };
  }
  return {
    vcenterId,
    instance,
    scope: readScope(c, path),
    datacenters,
    clusters,
    devices: c.getOptionalBoolean('devices') ?? true,
    vms: c.getOptionalBoolean('vms') ?? false,
  };
}

/**
 * Reads the `netbox` block of every vCenter under `catalog.providers.vsphere` (map form, or the
 * single-block form with id `default`). vCenters without one are not linked. With `netboxIds`,
 * an `instance` that names no configured NetBox fails with the key to fix.
 */
export function readLinkConfigs(
  config: Config,
  netboxIds?: string[],
): VsphereNetboxLinkConfig[] {
  const root = config.getOptionalConfig(VSPHERE_ROOT);
  if (!root) return [];
  const blocks: Array<[string, Config, string]> = root.has('url')
    ? [['default', root, VSPHERE_ROOT]]
    : root.keys().map(id => [id, root.getConfig(id), `${VSPHERE_ROOT}.${id}`]);
  const out: VsphereNetboxLinkConfig[] = [];
  for (const [id, c, path] of blocks) {
    const nb = c.getOptionalConfig('netbox');
    if (!nb) continue;
    const link = readOne(id, nb, `${path}.netbox`);
    if (netboxIds && !netboxIds.includes(link.instance)) {
      throw new InputError(
        `${path}.netbox.instance: '${
          link.instance
        }' is not a configured NetBox (catalog.providers.netbox has ${
          netboxIds.join(', ') || 'none'
        })`,
      );
    }
    out.push(link);
  }
  return out;
}
