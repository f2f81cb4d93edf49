import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_DEVICE_AMBIGUOUS,
  ANNOTATION_DEVICE_NAME,
  ANNOTATION_DEVICE_POSITION,
  ANNOTATION_DEVICE_RACK,
  ANNOTATION_DEVICE_SITE,
  ANNOTATION_DEVICE_URL,
  ANNOTATION_LINK_INSTANCE,
  ANNOTATION_VLAN_AMBIGUOUS,
  ANNOTATION_VM_AMBIGUOUS,
  ANNOTATION_VM_URL,
  LABEL_NETBOX_MATCH,
} from '@infra-inventory/plugin-infra-common';
import { vsphereEntityName } from '../vsphere/transform/entityName';
import type { Ref, VsphereInventory } from '../vsphere/transform/model';
import type { VlanScope, VsphereNetboxLinkConfig } from './config';
import {
  NetboxLinkData,
  normalizeSerial,
  VlanCandidate,
  VmLink,
} from './netbox';

// the keys live in infra-common (the frontend reads them); re-exported for existing importers
export {
  ANNOTATION_DEVICE_AMBIGUOUS,
  ANNOTATION_DEVICE_NAME,
  ANNOTATION_DEVICE_POSITION,
  ANNOTATION_DEVICE_RACK,
  ANNOTATION_DEVICE_SITE,
  ANNOTATION_DEVICE_URL,
  ANNOTATION_LINK_INSTANCE,
  ANNOTATION_VLAN_AMBIGUOUS,
  ANNOTATION_VM_AMBIGUOUS,
  ANNOTATION_VM_URL,
  LABEL_NETBOX_MATCH,
};

/** What one linking pass did, for the run record and the log. */
export interface LinkReport {
  instance: string;
  vlans: {
    linked: number;
    /** Same id in more than one group of the scope: listed, never linked. */
    ambiguous: Array<{ network: string; vid: number; candidates: string[] }>;
    unmatched: Array<{ network: string; vid: number }>;
    /** Trunks and PVLANs: shown on the entity, never linked to one VLAN. */
    notSingle: number;
  };
  hosts?: {
    linked: number;
    unmatched: string[];
    noSerial: string[];
    collisions: Array<{ host: string; serial: string; devices: string[] }>;
  };
  vms?: { linked: number; ambiguous: number; unmatched: number };
}

const key = (r: Ref) => `${r.type}:${r.value}`;

const sameName = (
  g: { slug: string; name: string } | undefined,
  want: string,
) => !!g && (g.slug === want || g.name === want);

/** The VLANs of `vid` inside `scope`: its VLAN group first, then its site group. */
export function vlansInScope(
  candidates: VlanCandidate[],
  scope: VlanScope,
): VlanCandidate[] {
  if (!scope.vlanGroup && !scope.siteGroup) return candidates;
  if (scope.vlanGroup) {
    const inGroup = candidates.filter(c =>
      sameName(c.vlanGroup, scope.vlanGroup!),
    );
    if (inGroup.length || !scope.siteGroup) return inGroup;
  }
  return candidates.filter(c => sameName(c.siteGroup, scope.siteGroup!));
}

const hasScope = (s: VlanScope | undefined): s is VlanScope =>
  !!s && (s.vlanGroup !== undefined || s.siteGroup !== undefined);

function addDependsOn(entity: Entity, ref: string) {
  const deps = (entity.spec!.dependsOn as string[] | undefined) ?? [];
  if (!deps.includes(ref)) entity.spec!.dependsOn = [...deps, ref];
}

// the entities are fresh from this render and owned by it: changed in place, no copies
function annotate(entity: Entity, values: Record<string, string | undefined>) {
  const annotations = (entity.metadata.annotations ??= {});
  for (const k in values) {
    if (values[k] !== undefined) annotations[k] = values[k]!;
  }
}

function label(entity: Entity, value: string) {
  (entity.metadata.labels ??= {})[LABEL_NETBOX_MATCH] = value;
}

function addLink(entity: Entity, url: string, title: string) {
  (entity.metadata.links ??= []).push({ url, title, icon: 'dashboard' });
}

/**
 * Joins one vCenter's freshly rendered entities with a NetBox instance's indexes, in place: VLAN
 * refs into portgroups' `spec.dependsOn`, device and VM links onto hosts and VMs. Pure over its
 * inputs (no calls); ambiguous matches are annotated and reported, never guessed.
 */
export function linkVsphereEntities(
  entities: Entity[],
  inventory: VsphereInventory,
  config: VsphereNetboxLinkConfig,
  data: NetboxLinkData,
): LinkReport {
  const vc = inventory.vcenterId;
  const byName = new Map(entities.map(e => [e.metadata.name, e]));
  const entityOf = (r: Ref) => byName.get(vsphereEntityName(vc, r));
  const dcNames = new Map(inventory.datacenters.map(d => [key(d.ref), d.name]));
  const clusterNames = new Map(
    inventory.clusters.filter(c => c.isCluster).map(c => [key(c.ref), c.name]),
  );
  const report: LinkReport = {
    instance: data.instanceId,
    vlans: { linked: 0, ambiguous: [], unmatched: [], notSingle: 0 },
  };

  // cluster scopes reach a network through the VMs on it; VMs of differently mapped clusters
  // on one network make its scope a conflict, reported like an ambiguous match
  const clusterScopes = new Map<string, Set<string>>();
  const anyClusterScope = Object.values(config.clusters).some(hasScope);
  if (anyClusterScope) {
    for (const vm of inventory.vms) {
      const cluster =
        vm.computeResource && clusterNames.get(key(vm.computeResource));
      const scope = cluster ? config.clusters[cluster] : undefined;
      if (!hasScope(scope)) continue;
      const s = JSON.stringify([scope.vlanGroup, scope.siteGroup]);
      for (const n of vm.networks) {
        const set = clusterScopes.get(key(n)) ?? new Set<string>();
        set.add(s);
        clusterScopes.set(key(n), set);
      }
    }
  }

  for (const n of inventory.networks) {
    const entity = entityOf(n.ref);
    if (!entity || !n.vlan) continue;
    if (n.vlan.kind !== 'vlan') {
      report.vlans.notSingle++;
      continue;
    }
    const vid = n.vlan.id;
    if (vid === 0) continue; // untagged: no VLAN to link
    let candidates: VlanCandidate[];
    const fromClusters = clusterScopes.get(key(n.ref));
    if (fromClusters && fromClusters.size > 1) {
      candidates = [...fromClusters].flatMap(s => {
        const [vlanGroup, siteGroup] = JSON.parse(s);
        return vlansInScope(data.vlansByVid.get(vid) ?? [], {
          vlanGroup: vlanGroup ?? undefined,
          siteGroup: siteGroup ?? undefined,
        });
      });
      candidates = [...new Map(candidates.map(c => [c.ref, c])).values()];
    } else {
      let scope: VlanScope = config.scope;
      const dc = n.datacenter && dcNames.get(key(n.datacenter));
      if (dc && hasScope(config.datacenters[dc]))
        scope = config.datacenters[dc];
      if (fromClusters?.size === 1) {
        const [vlanGroup, siteGroup] = JSON.parse([...fromClusters][0]);
        scope = {
          vlanGroup: vlanGroup ?? undefined,
          siteGroup: siteGroup ?? undefined,
        };
      }
      candidates = vlansInScope(data.vlansByVid.get(vid) ?? [], scope);
    }
    if (candidates.length === 1) {
      addDependsOn(entity, candidates[0].ref);
      label(entity, 'linked');
      report.vlans.linked++;
    } else if (candidates.length > 1) {
      const refs = candidates.map(c => c.ref).sort();
      annotate(entity, { [ANNOTATION_VLAN_AMBIGUOUS]: refs.join(',') });
      label(entity, 'ambiguous');
      report.vlans.ambiguous.push({ network: n.name, vid, candidates: refs });
    } else {
      label(entity, 'unmatched');
      report.vlans.unmatched.push({ network: n.name, vid });
    }
  }

  if (config.devices && data.devicesBySerial) {
    const hosts: NonNullable<LinkReport['hosts']> = {
      linked: 0,
      unmatched: [],
      noSerial: [],
      collisions: [],
    };
    for (const h of inventory.hosts) {
      const entity = entityOf(h.ref);
      if (!entity) continue;
      if (!h.serial?.trim()) {
        // said on the host too: otherwise it looks like linking never looked at it
        label(entity, 'no-serial');
        hosts.noSerial.push(h.name);
        continue;
      }
      const devices = data.devicesBySerial.get(normalizeSerial(h.serial)) ?? [];
      if (devices.length === 1) {
        const d = devices[0];
        annotate(entity, {
          [ANNOTATION_LINK_INSTANCE]: data.instanceId,
          [ANNOTATION_DEVICE_URL]: d.url,
          [ANNOTATION_DEVICE_NAME]: d.name,
          [ANNOTATION_DEVICE_SITE]: d.site,
          [ANNOTATION_DEVICE_RACK]: d.rack,
          [ANNOTATION_DEVICE_POSITION]:
            d.position === undefined ? undefined : String(d.position),
        });
        addLink(entity, d.url, `NetBox device ${d.name ?? d.id}`);
        label(entity, 'linked');
        hosts.linked++;
      } else if (devices.length > 1) {
        const urls = devices.map(d => d.url).sort();
        annotate(entity, { [ANNOTATION_DEVICE_AMBIGUOUS]: urls.join(',') });
        label(entity, 'ambiguous');
        hosts.collisions.push({
          host: h.name,
          serial: h.serial,
          devices: urls,
        });
      } else {
        label(entity, 'unmatched');
        hosts.unmatched.push(h.name);
      }
    }
    report.hosts = hosts;
  }

  if (config.vms && data.vmsByName && data.vmsByIp) {
    const vms = { linked: 0, ambiguous: 0, unmatched: 0 };
    for (const vm of inventory.vms) {
      if (vm.template) continue;
      const entity = entityOf(vm.ref);
      if (!entity) continue;
      const cluster =
        vm.computeResource && clusterNames.get(key(vm.computeResource));
      const nbCluster = cluster
        ? config.clusters[cluster]?.netboxCluster ?? cluster
        : undefined;
      const named = data.vmsByName.get(vm.name.toLowerCase()) ?? [];
      let found: VmLink[] = named.filter(
        c => nbCluster !== undefined && c.cluster === nbCluster,
      );
      if (!found.length && named.length === 1 && !named[0].cluster)
        found = named;
      if (!found.length && vm.ipAddress)
        found = data.vmsByIp.get(vm.ipAddress) ?? [];
      if (found.length === 1) {
        annotate(entity, {
          [ANNOTATION_LINK_INSTANCE]: data.instanceId,
          [ANNOTATION_VM_URL]: found[0].url,
        });
        addLink(entity, found[0].url, `NetBox VM ${found[0].name}`);
        label(entity, 'linked');
        vms.linked++;
      } else if (found.length > 1) {
        annotate(entity, {
          [ANNOTATION_VM_AMBIGUOUS]: found
            .map(f => f.url)
            .sort()
            .join(','),
        });
        label(entity, 'ambiguous');
        vms.ambiguous++;
      } else {
        label(entity, 'unmatched');
        vms.unmatched++;
      }
    }
    report.vms = vms;
  }
  return report;
}

const list = (items: string[], max = 10) =>
  items.length > max
    ? `${items.slice(0, max).join(', ')} and ${items.length - max} more`
    : items.join(', ');

/** One line for the run record and the log; undefined when everything matched. */
export function summarizeLinkReport(r: LinkReport): string | undefined {
  const parts: string[] = [];
  if (r.vlans.ambiguous.length) {
    parts.push(
      `ambiguous VLANs (not linked): ${list(
        r.vlans.ambiguous.map(
          a => `${a.network} vid ${a.vid} in ${a.candidates.length} groups`,
        ),
      )}`,
    );
  }
  if (r.vlans.unmatched.length) {
    parts.push(
      `VLANs not in NetBox: ${list(
        r.vlans.unmatched.map(u => `${u.network} vid ${u.vid}`),
      )}`,
    );
  }
  if (r.hosts?.unmatched.length)
    parts.push(`hosts without a NetBox device: ${list(r.hosts.unmatched)}`);
  if (r.hosts?.noSerial.length)
    parts.push(`hosts without a serial: ${list(r.hosts.noSerial)}`);
  if (r.hosts?.collisions.length) {
    parts.push(
      `serials on several NetBox devices (not linked): ${list(
        r.hosts.collisions.map(c => `${c.host} (${c.serial})`),
      )}`,
    );
  }
  if (r.vms?.ambiguous) parts.push(`${r.vms.ambiguous} VMs ambiguous`);
  return parts.length
    ? `NetBox ${r.instance} links: ${parts.join('; ')}`
    : undefined;
}
