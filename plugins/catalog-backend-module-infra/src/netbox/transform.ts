import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import {
  ANNOTATION_NETBOX_ID,
  ANNOTATION_NETBOX_INSTANCE,
  ANNOTATION_NETBOX_URL,
  NETBOX_ANNOTATION_DOMAIN,
  NETBOX_ENTITY_TYPES,
  NetboxEntityType,
  withoutUndefined,
} from '@infra-inventory/plugin-infra-common';
import type { NetboxDhcpStorage, NetboxEntitySwitches } from './config';
import {
  NestedRef,
  NetboxInventory,
  NetboxNamed,
  NetboxPrefix,
  NetboxSite,
  NetboxSiteGroup,
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
  /**
   * With a tenant filter, only the VLAN groups and VRFs of that tenant or in use are emitted, and
   * only the sites, site groups and tenants in use (plus the tenant itself).
   */
  tenantId?: number;
  /** Sites, site groups and tenants as entities; each on when omitted. */
  entities?: Partial<NetboxEntitySwitches>;
  /** Where prefixes keep their DHCP flag; without it prefixes carry none. */
  dhcp?: NetboxDhcpStorage;
}

const KIND_PART: Record<NetboxEntityType, string> = {
  'netbox-vlan': 'vlan',
  'netbox-vlan-group': 'vlangroup',
  'netbox-prefix': 'prefix',
  'netbox-vrf': 'vrf',
  'netbox-site': 'site',
  'netbox-site-group': 'sitegroup',
  'netbox-tenant': 'tenant',
};
const UI_PATH: Record<NetboxEntityType, string> = {
  'netbox-vlan': 'ipam/vlans',
  'netbox-vlan-group': 'ipam/vlan-groups',
  'netbox-prefix': 'ipam/prefixes',
  'netbox-vrf': 'ipam/vrfs',
  'netbox-site': 'dcim/sites',
  'netbox-site-group': 'dcim/site-groups',
  'netbox-tenant': 'tenancy/tenants',
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

/**
 * A prefix's DHCP flag as the segments API stores it, and its description without the marker.
 * With a custom field the flag is only known when NetBox returns that field (it returns every
 * custom field defined for prefixes, null when unset): no field, no flag, rather than a false "no".
 */
export function prefixDhcp(
  prefix: Pick<NetboxPrefix, 'custom_fields' | 'description'>,
  storage: NetboxDhcpStorage | undefined,
): { dhcp?: boolean; description?: string } {
  const description = prefix.description;
  if (!storage) return { description };
  if (storage.kind === 'customField') {
    const fields = prefix.custom_fields;
    return fields && storage.name in fields
      ? { dhcp: fields[storage.name] === true, description }
      : { description };
  }
  if (description?.startsWith(storage.tag)) {
    return {
      dhcp: true,
      description: description.slice(storage.tag.length).trimStart(),
    };
  }
  return { dhcp: false, description };
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
      metadata: withoutUndefined({
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
      spec: withoutUndefined({
        type,
        owner: options.owner,
        system: options.system,
        dependsOn: dependsOn.length ? dependsOn : undefined,
        netbox: withoutUndefined(extra.netbox),
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

  const on: NetboxEntitySwitches = {
    sites: options.entities?.sites ?? true,
    siteGroups: options.entities?.siteGroups ?? true,
    tenants: options.entities?.tenants ?? true,
  };
  const filtered = options.tenantId !== undefined;
  const entities: Entity[] = [];
  const usedGroups = new Set<number>();
  const usedVrfs = new Set<number>();
  const usedSites = new Set<number>();
  const usedSiteGroups = new Set<number>();
  const usedTenants = new Set<number>();

  // a ref is only made to an object this render emits, and making it marks the object as used:
  // with a tenant filter only used ones are emitted, so no relation points to nothing
  const refIn = (
    enabled: boolean,
    table: Map<number, unknown>,
    used: Set<number>,
    type: NetboxEntityType,
    id: number | null | undefined,
  ) => {
    if (!enabled || id === null || id === undefined || !table.has(id))
      return undefined;
    used.add(id);
    return ref(type, id);
  };
  const siteRef = (id: number | null | undefined) =>
    refIn(on.sites, inv.sites, usedSites, NETBOX_ENTITY_TYPES.site, id);
  const siteGroupRef = (id: number | null | undefined) =>
    refIn(
      on.siteGroups,
      inv.siteGroups,
      usedSiteGroups,
      NETBOX_ENTITY_TYPES.siteGroup,
      id,
    );
  const tenantRef = (nested: NestedRef | null | undefined) =>
    refIn(
      on.tenants,
      inv.tenants,
      usedTenants,
      NETBOX_ENTITY_TYPES.tenant,
      nested?.id,
    );
  /** The scope itself, not what it implies: one relation per NetBox reference. */
  const scopeRef = (o: {
    scope_type?: string | null;
    scope_id?: number | null;
  }) => {
    if (o.scope_type === 'dcim.site') return siteRef(o.scope_id);
    if (o.scope_type === 'dcim.sitegroup') return siteGroupRef(o.scope_id);
    return undefined;
  };

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
      // the site group reached through the VLAN group is that group's relation, not the VLAN's
      dependsOn: [
        ref(NETBOX_ENTITY_TYPES.vlanGroup, group?.id),
        siteRef(v.site?.id),
        tenantRef(v.tenant),
      ],
      netbox: withoutUndefined({
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
    const { dhcp, description } = prefixDhcp(x, options.dhcp);
    return base(NETBOX_ENTITY_TYPES.prefix, x.id, x.prefix, {
      description,
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
        scopeRef(x),
        tenantRef(x.tenant),
      ],
      netbox: withoutUndefined({
        prefix: x.prefix,
        status: x.status?.value,
        scope: x.scope_type ?? undefined,
        tenant: tenant?.name,
        role: role?.name,
        dhcp,
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
      dependsOn: [scopeRef(g), tenantRef(g.tenant)],
      netbox: withoutUndefined({
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
      dependsOn: [tenantRef(x.tenant)],
      netbox: withoutUndefined({
        name: x.name,
        rd: x.rd ?? undefined,
        tenant: tenant?.name,
      }),
    });
  };

  const site = (x: NetboxSite) => {
    const group = x.group ? inv.siteGroups.get(x.group.id) : undefined;
    return base(NETBOX_ENTITY_TYPES.site, x.id, x.name, {
      description: x.description,
      labels: {
        [LABEL_SITE_GROUP]: group?.slug,
        [LABEL_STATUS]: x.status?.value,
      },
      dependsOn: [siteGroupRef(group?.id)],
      netbox: withoutUndefined({
        name: x.name,
        slug: x.slug,
        status: x.status?.value,
        siteGroup: group?.name,
      }),
    });
  };

  const siteGroup = (g: NetboxSiteGroup) => {
    const parent = g.parent ? inv.siteGroups.get(g.parent.id) : undefined;
    return base(NETBOX_ENTITY_TYPES.siteGroup, g.id, g.name, {
      description: g.description,
      dependsOn: [siteGroupRef(parent?.id)],
      netbox: withoutUndefined({
        name: g.name,
        slug: g.slug,
        parent: parent?.name,
      }),
    });
  };

  const tenant = (t: NetboxNamed) =>
    base(NETBOX_ENTITY_TYPES.tenant, t.id, t.name, {
      description: t.description,
      netbox: { name: t.name, slug: t.slug },
    });

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
  // sites before site groups and both before tenants: each marks what it refers to as used
  if (on.sites) {
    for (const x of inv.sites.values())
      if (!filtered || usedSites.has(x.id)) entities.push(site(x));
  }
  if (on.siteGroups) {
    if (filtered) {
      // a used group's ancestors are used through its parent relation; `seen` stops cycles
      for (const id of [...usedSiteGroups]) {
        const seen = new Set<number>();
        let parent = inv.siteGroups.get(id)?.parent?.id;
        while (parent !== undefined && !seen.has(parent)) {
          seen.add(parent);
          siteGroupRef(parent);
          parent = inv.siteGroups.get(parent)?.parent?.id;
        }
      }
    }
    for (const g of inv.siteGroups.values())
      if (!filtered || usedSiteGroups.has(g.id)) entities.push(siteGroup(g));
  }
  if (on.tenants) {
    for (const t of inv.tenants.values())
      if (!filtered || usedTenants.has(t.id) || t.id === options.tenantId)
        entities.push(tenant(t));
  }
  return entities;
}
