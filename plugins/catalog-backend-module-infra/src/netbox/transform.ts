import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  ANNOTATION_NETBOX_ID,
  ANNOTATION_NETBOX_INSTANCE,
  ANNOTATION_NETBOX_URL,
  NETBOX_ANNOTATION_DOMAIN,
  NETBOX_ENTITY_TYPES,
  NetboxEntityType,
} from '@infra-inventory/plugin-infra-common';
import {
  NestedRef,
  NetboxInventory,
  NetboxPrefix,
  NetboxVlan,
  NetboxVlanGroup,
  NetboxVrf,
} from './inventory';

export const LABEL_SITE = `${NETBOX_ANNOTATION_DOMAIN}/site`;
export const LABEL_SITE_GROUP = `${NETBOX_ANNOTATION_DOMAIN}/site-group`;
export const LABEL_TENANT = `${NETBOX_ANNOTATION_DOMAIN}/tenant`;
export const LABEL_ROLE = `${NETBOX_ANNOTATION_DOMAIN}/role`;
export const LABEL_STATUS = `${NETBOX_ANNOTATION_DOMAIN}/status`;

export interface NetboxTransformOptions {
  /** The configured instance id, first part of every entity name. */
  instanceId: string;
  /** NetBox root (`https://netbox.example.com`), for the UI links. */
  url: string;
  owner: string;
  system?: string;
  /** With a tenant filter, only the VLAN groups and VRFs of that tenant or in use are emitted. */
  tenantId?: number;
}

const KIND_PART: Record<NetboxEntityType, string> = {
  'netbox-vlan': 'vlan',
  'netbox-vlan-group': 'vlangroup',
  'netbox-prefix': 'prefix',
  'netbox-vrf': 'vrf',
};
const UI_PATH: Record<NetboxEntityType, string> = {
  'netbox-vlan': 'ipam/vlans',
  'netbox-vlan-group': 'ipam/vlan-groups',
  'netbox-prefix': 'ipam/prefixes',
  'netbox-vrf': 'ipam/vrfs',
};

/**
 * `<instance>-<type>-<netbox id>`, e.g. `prod-vlan-12`: stable across renames and always a valid
 * name (the instance id is at most 16 characters).
 */
export function netboxEntityName(
  instanceId: string,
  type: NetboxEntityType,
  id: number,
): string {
  return `${instanceId}-${KIND_PART[type]}-${id}`;
}

const LABEL_VALUE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

function labels(
  entries: Record<string, string | undefined>,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) {
    if (v !== undefined && v.length <= 63 && LABEL_VALUE.test(v)) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Drops undefined fields (by copying: `delete` would leave slow dictionary-mode objects). */
function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Where an object sits: its site and site group, both optional. */
interface Placement {
  site?: { name: string; slug: string };
  siteGroup?: { name: string; slug: string };
}

/** Joins the tables in memory and renders the entities of one NetBox instance. */
export function buildNetboxEntities(
  inv: NetboxInventory,
  options: NetboxTransformOptions,
): Entity[] {
  const location = `netbox:${options.url}`;
  const ref = (type: NetboxEntityType, id: number | undefined) =>
    id === undefined
      ? undefined
      : `resource:default/${netboxEntityName(options.instanceId, type, id)}`;

  const named = (
    table: Map<number, { name: string; slug: string }>,
    nested: NestedRef | null | undefined,
  ) => {
    if (!nested) return undefined;
    const row = table.get(nested.id);
    if (row) return { name: row.name, slug: row.slug };
    return nested.name && nested.slug
      ? { name: nested.name, slug: nested.slug }
      : undefined;
  };

  const siteGroupById = (id: number | null | undefined) =>
    id === null || id === undefined ? undefined : inv.siteGroups.get(id);
  const placeSite = (siteId: number | null | undefined): Placement => {
    const site =
      siteId === null || siteId === undefined
        ? undefined
        : inv.sites.get(siteId);
    if (!site) return {};
    const group = site.group ? siteGroupById(site.group.id) : undefined;
    return {
      site: { name: site.name, slug: site.slug },
      siteGroup: group ? { name: group.name, slug: group.slug } : undefined,
    };
  };
  /** Scope (`scope_type`/`scope_id`, NetBox 4.2+) to site and site group. */
  const placeScope = (o: {
    scope_type?: string | null;
    scope_id?: number | null;
  }): Placement => {
    if (o.scope_type === 'dcim.site') return placeSite(o.scope_id);
    if (o.scope_type === 'dcim.sitegroup') {
      const g = siteGroupById(o.scope_id);
      return g ? { siteGroup: { name: g.name, slug: g.slug } } : {};
    }
    return {};
  };

  // the group of a VLAN comes nested without its scope: join it from the group list
  const vlanPlacement = (v: NetboxVlan): Placement => {
    if (v.site) return placeSite(v.site.id);
    const group = v.group ? inv.vlanGroups.get(v.group.id) : undefined;
    return group ? placeScope(group) : {};
  };

  const base = (
    type: NetboxEntityType,
    id: number,
    title: string,
    extra: {
      description?: string;
      labels?: Record<string, string | undefined>;
      dependsOn?: Array<string | undefined>;
      netbox: JsonObject;
    },
  ): Entity => {
    const url = `${options.url}/${UI_PATH[type]}/${id}/`;
    const dependsOn = [
      ...new Set(extra.dependsOn?.filter(Boolean) as string[]),
    ];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: compact({
        name: netboxEntityName(options.instanceId, type, id),
        title,
        description: extra.description || undefined,
        annotations: {
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
          'backstage.io/view-url': url,
          [ANNOTATION_NETBOX_INSTANCE]: options.instanceId,
          [ANNOTATION_NETBOX_ID]: String(id),
          [ANNOTATION_NETBOX_URL]: url,
        },
        labels: labels(extra.labels ?? {}),
      }),
      spec: compact({
        type,
        owner: options.owner,
        system: options.system,
        dependsOn: dependsOn.length ? dependsOn : undefined,
        netbox: compact(extra.netbox),
      }),
    };
  };

  const placementLabels = (p: Placement) => ({
    [LABEL_SITE]: p.site?.slug,
    [LABEL_SITE_GROUP]: p.siteGroup?.slug,
  });
  const placementSpec = (p: Placement) => ({
    site: p.site?.name,
    siteGroup: p.siteGroup?.name,
  });

  const entities: Entity[] = [];
  const usedGroups = new Set<number>();
  const usedVrfs = new Set<number>();

  const vlan = (v: NetboxVlan) => {
    const p = vlanPlacement(v);
    const tenant = named(inv.tenants, v.tenant);
    const role = named(inv.roles, v.role);
    const group = v.group ? inv.vlanGroups.get(v.group.id) : undefined;
    if (group) usedGroups.add(group.id);
    return base(NETBOX_ENTITY_TYPES.vlan, v.id, `${v.name} (${v.vid})`, {
      description: v.description,
      labels: {
        ...placementLabels(p),
        [LABEL_TENANT]: tenant?.slug,
        [LABEL_ROLE]: role?.slug,
        [LABEL_STATUS]: v.status?.value,
      },
      dependsOn: [ref(NETBOX_ENTITY_TYPES.vlanGroup, group?.id)],
      netbox: compact({
        vid: v.vid,
        name: v.name,
        status: v.status?.value,
        vlanGroup: group?.name,
        tenant: tenant?.name,
        role: role?.name,
        ...placementSpec(p),
      }),
    });
  };

  const prefix = (x: NetboxPrefix) => {
    const p = placeScope(x);
    const tenant = named(inv.tenants, x.tenant);
    const role = named(inv.roles, x.role);
    const v = x.vlan ? inv.vlans.get(x.vlan.id) : undefined;
    const vrf = x.vrf ? inv.vrfs.get(x.vrf.id) : undefined;
    if (vrf) usedVrfs.add(vrf.id);
    return base(NETBOX_ENTITY_TYPES.prefix, x.id, x.prefix, {
      description: x.description,
      labels: {
        ...placementLabels(p),
        [LABEL_TENANT]: tenant?.slug,
        [LABEL_ROLE]: role?.slug,
        [LABEL_STATUS]: x.status?.value,
      },
      // only references here: a renamed VLAN or VRF changes its own entity, not its prefixes
      dependsOn: [
        ref(NETBOX_ENTITY_TYPES.vlan, v?.id),
        ref(NETBOX_ENTITY_TYPES.vrf, vrf?.id),
      ],
      netbox: compact({
        prefix: x.prefix,
        status: x.status?.value,
        scope: x.scope_type ?? undefined,
        tenant: tenant?.name,
        role: role?.name,
        ...placementSpec(p),
      }),
    });
  };

  const vlanGroup = (g: NetboxVlanGroup) => {
    const p = placeScope(g);
    const tenant = named(inv.tenants, g.tenant);
    return base(NETBOX_ENTITY_TYPES.vlanGroup, g.id, g.name, {
      description: g.description,
      labels: { ...placementLabels(p), [LABEL_TENANT]: tenant?.slug },
      netbox: compact({
        name: g.name,
        slug: g.slug,
        scope: g.scope_type ?? undefined,
        tenant: tenant?.name,
        ...placementSpec(p),
      }),
    });
  };

  const vrf = (x: NetboxVrf) => {
    const tenant = named(inv.tenants, x.tenant);
    return base(NETBOX_ENTITY_TYPES.vrf, x.id, x.name, {
      description: x.description,
      labels: { [LABEL_TENANT]: tenant?.slug },
      netbox: compact({
        name: x.name,
        rd: x.rd ?? undefined,
        tenant: tenant?.name,
      }),
    });
  };

  for (const v of inv.vlans.values()) entities.push(vlan(v));
  for (const x of inv.prefixes.values()) entities.push(prefix(x));
  const keep = (
    o: { id: number; tenant?: NestedRef | null },
    used: Set<number>,
  ) =>
    options.tenantId === undefined ||
    used.has(o.id) ||
    o.tenant?.id === options.tenantId;
  for (const g of inv.vlanGroups.values())
    if (keep(g, usedGroups)) entities.push(vlanGroup(g));
  for (const x of inv.vrfs.values())
    if (keep(x, usedVrfs)) entities.push(vrf(x));
  return entities;
}
