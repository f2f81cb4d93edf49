import type { NetboxClient } from '@infra-inventory/plugin-infra-node';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import type { NestedRef, NetboxInventory } from '../netbox/inventory';
import { netboxEntityName } from '../netbox/transform';

/** A device as read for linking (`dcim/devices`, `fields=` below). */
export interface NetboxDeviceRow {
  id: number;
  name?: string | null;
  serial?: string | null;
  site?: NestedRef | null;
  rack?: NestedRef | null;
  position?: number | null;
}
/** A virtual machine as read for linking (`virtualization/virtual-machines`). */
export interface NetboxVmRow {
  id: number;
  name: string;
  cluster?: NestedRef | null;
  primary_ip4?: { id: number; address?: string } | null;
  primary_ip6?: { id: number; address?: string } | null;
}

export const LINK_LISTS = {
  devices: {
    endpoint: 'dcim/devices',
    fields: ['name', 'serial', 'site', 'rack', 'position'],
  },
  vms: {
    endpoint: 'virtualization/virtual-machines',
    fields: ['name', 'cluster', 'primary_ip4', 'primary_ip6'],
  },
} as const;

/** What the vCenters linked to a NetBox instance need from it besides VLANs. */
export interface LinkWants {
  devices: boolean;
  vms: boolean;
}

export interface LinkLists {
  devices?: NetboxDeviceRow[];
  vms?: NetboxVmRow[];
}

/**
 * Reads the extra lists linking needs, each whole in one list call (pages in parallel inside the
 * client), never per object. Called next to the NetBox provider's own lists.
 */
export async function readLinkLists(
  client: NetboxClient,
  wants: LinkWants,
  signal?: AbortSignal,
): Promise<{ lists: LinkLists; calls: number; pages: number }> {
  const lists: LinkLists = {};
  let calls = 0;
  let pages = 0;
  await Promise.all(
    (['devices', 'vms'] as const)
      .filter(k => wants[k])
      .map(async k => {
        const read = await client.list<any>(LINK_LISTS[k].endpoint, {
          fields: [...LINK_LISTS[k].fields],
          signal,
        });
        calls += read.calls;
        pages += read.pages;
        lists[k] = read.results;
      }),
  );
  return { lists, calls, pages };
}

/** One NetBox VLAN as a candidate for a vSphere VLAN id. */
export interface VlanCandidate {
  /** `resource:default/<instance>-vlan-<id>` */
  ref: string;
  vlanGroup?: { slug: string; name: string };
  siteGroup?: { slug: string; name: string };
}

export interface DeviceLink {
  id: number;
  name?: string;
  url: string;
  site?: string;
  rack?: string;
  position?: number;
}

export interface VmLink {
  id: number;
  name: string;
  url: string;
  cluster?: string;
}

/** What one NetBox instance publishes for linking: indexes over lists it already read. */
export interface NetboxLinkData {
  instanceId: string;
  url: string;
  /** vid → every VLAN with it, in any group. */
  vlansByVid: Map<number, VlanCandidate[]>;
  /** Normalised serial → devices with it (more than one: a collision, never linked). */
  devicesBySerial?: Map<string, DeviceLink[]>;
  /** Lowercased name → VMs with it. */
  vmsByName?: Map<string, VmLink[]>;
  /** Primary address without prefix length → VMs with it. */
  vmsByIp?: Map<string, VmLink[]>;
}

/**
 * Serials compared uppercased without whitespace: Dell service tags come in either case, and
 * VMware-style serials (`VMware-56 4d 8d ...`, over NetBox's 50 characters with their spaces) are
 * usually entered without the spaces.
 */
export const normalizeSerial = (s: string) =>
  s.replace(/\s+/g, '').toUpperCase();

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Builds the indexes from a NetBox read (pure; a join of lists in memory). */
export function buildNetboxLinkData(
  inv: NetboxInventory,
  lists: LinkLists,
  options: { instanceId: string; url: string },
): NetboxLinkData {
  const slugName = (g?: { slug: string; name: string }) =>
    g ? { slug: g.slug, name: g.name } : undefined;
  const siteGroupOfSite = (siteId: number | null | undefined) => {
    const site =
      siteId === null || siteId === undefined
        ? undefined
        : inv.sites.get(siteId);
    return site?.group ? inv.siteGroups.get(site.group.id) : undefined;
  };

  const vlansByVid = new Map<number, VlanCandidate[]>();
  for (const v of inv.vlans.values()) {
    const group = v.group ? inv.vlanGroups.get(v.group.id) : undefined;
    let siteGroup;
    if (v.site) siteGroup = siteGroupOfSite(v.site.id);
    else if (group?.scope_type === 'dcim.site')
      siteGroup = siteGroupOfSite(group.scope_id);
    else if (
      group?.scope_type === 'dcim.sitegroup' &&
      group.scope_id !== null &&
      group.scope_id !== undefined
    )
      siteGroup = inv.siteGroups.get(group.scope_id);
    push(vlansByVid, v.vid, {
      ref: `resource:default/${netboxEntityName(
        options.instanceId,
        NETBOX_ENTITY_TYPES.vlan,
        v.id,
      )}`,
      vlanGroup: slugName(group),
      siteGroup: slugName(siteGroup),
    });
  }

  const data: NetboxLinkData = {
    instanceId: options.instanceId,
    url: options.url,
    vlansByVid,
  };

  if (lists.devices) {
    const bySerial = new Map<string, DeviceLink[]>();
    for (const d of lists.devices) {
      if (!d.serial?.trim()) continue;
      push(bySerial, normalizeSerial(d.serial), {
        id: d.id,
        name: d.name ?? undefined,
        url: `${options.url}/dcim/devices/${d.id}/`,
        site: d.site?.name,
        rack: d.rack?.name,
        position: d.position ?? undefined,
      });
    }
    data.devicesBySerial = bySerial;
  }

  if (lists.vms) {
    const byName = new Map<string, VmLink[]>();
    const byIp = new Map<string, VmLink[]>();
    for (const vm of lists.vms) {
      const link: VmLink = {
        id: vm.id,
        name: vm.name,
        url: `${options.url}/virtualization/virtual-machines/${vm.id}/`,
        cluster: vm.cluster?.name,
      };
      push(byName, vm.name.toLowerCase(), link);
      for (const ip of [vm.primary_ip4, vm.primary_ip6]) {
        if (ip?.address) push(byIp, ip.address.split('/')[0], link);
      }
    }
    data.vmsByName = byName;
    data.vmsByIp = byIp;
  }
  return data;
}
