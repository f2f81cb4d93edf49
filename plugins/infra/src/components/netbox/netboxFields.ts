/**
 * The one place that knows how the catalog module shapes NetBox entities
 * (`catalog-backend-module-infra/src/netbox/transform.ts`) and the NetBox links it puts on vSphere
 * entities (`src/links/link.ts`): `spec.type`, `spec.netbox`, labels, annotations and relations.
 * Cards read entities only through these accessors.
 */
import {
  ANNOTATION_DEVICE_AMBIGUOUS,
  ANNOTATION_DEVICE_NAME,
  ANNOTATION_DEVICE_POSITION,
  ANNOTATION_DEVICE_RACK,
  ANNOTATION_DEVICE_SITE,
  ANNOTATION_DEVICE_URL,
  ANNOTATION_LINK_INSTANCE,
  ANNOTATION_NETBOX_INSTANCE,
  ANNOTATION_NETBOX_URL,
  ANNOTATION_VLAN_AMBIGUOUS,
  ANNOTATION_VM_AMBIGUOUS,
  ANNOTATION_VM_URL,
  LABEL_NETBOX_MATCH,
  NETBOX_ENTITY_TYPES,
  NetboxEntityType,
} from '@infra-inventory/plugin-infra-common';
import { Entity } from '../vsphere/entityFields';
import { bool, num, specSection, str } from '../common/specValues';

export { LABEL_NETBOX_MATCH };

/** The annotations the vSphere ↔ NetBox linking writes, by what they hold. */
export const NETBOX_LINK_ANNOTATIONS = {
  instance: ANNOTATION_LINK_INSTANCE,
  vlanAmbiguous: ANNOTATION_VLAN_AMBIGUOUS,
  deviceUrl: ANNOTATION_DEVICE_URL,
  device: ANNOTATION_DEVICE_NAME,
  deviceSite: ANNOTATION_DEVICE_SITE,
  deviceRack: ANNOTATION_DEVICE_RACK,
  devicePosition: ANNOTATION_DEVICE_POSITION,
  deviceAmbiguous: ANNOTATION_DEVICE_AMBIGUOUS,
  vmUrl: ANNOTATION_VM_URL,
  vmAmbiguous: ANNOTATION_VM_AMBIGUOUS,
} as const;

/**
 * The outcome of linking a vSphere entity to NetBox; `undefined` when linking never looked at it.
 * `no-serial` only on hosts: vSphere reports no serial, so there was nothing to match.
 */
export type NetboxMatch = 'linked' | 'ambiguous' | 'unmatched' | 'no-serial';

const MATCHES: readonly string[] = [
  'linked',
  'ambiguous',
  'unmatched',
  'no-serial',
];

/** The match label of a portgroup, network, host or VM. */
export function netboxMatch(entity: Entity): NetboxMatch | undefined {
  const v = entity.metadata.labels?.[LABEL_NETBOX_MATCH];
  return v && MATCHES.includes(v) ? (v as NetboxMatch) : undefined;
}

/** `spec.type` of an entity, if it is one of the NetBox types. */
export function netboxType(entity: Entity): NetboxEntityType | undefined {
  const type = entity.spec?.type;
  return (Object.values(NETBOX_ENTITY_TYPES) as unknown[]).includes(type)
    ? (type as NetboxEntityType)
    : undefined;
}

const figures = (entity: Entity) => specSection(entity, 'netbox');

/** What every NetBox entity carries: where it lives in NetBox. */
export interface NetboxIdentity {
  instance?: string;
  /** The object's page in the NetBox UI. */
  url?: string;
}

/** The instance and NetBox page of a NetBox entity, from its annotations. */
export function netboxIdentity(entity: Entity): NetboxIdentity {
  const a = entity.metadata.annotations ?? {};
  return {
    instance: a[ANNOTATION_NETBOX_INSTANCE],
    url: safeUrl(a[ANNOTATION_NETBOX_URL]),
  };
}

/** Only http(s) addresses become links: an annotation is data, not a trusted href. */
export function safeUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\//i.test(url) ? url : undefined;
}

/** Fields shared by VLANs, prefixes and VLAN groups (all optional in NetBox). */
export interface NetboxPlacement {
  status?: string;
  tenant?: string;
  role?: string;
  site?: string;
  siteGroup?: string;
}

function placement(v: Record<string, unknown>): NetboxPlacement {
  return {
    status: str(v.status),
    tenant: str(v.tenant),
    role: str(v.role),
    site: str(v.site),
    siteGroup: str(v.siteGroup),
  };
}

/** A VLAN's `spec.netbox`. */
export interface VlanFields extends NetboxPlacement {
  vid?: number;
  name?: string;
  vlanGroup?: string;
}

/** Reads a VLAN's `spec.netbox`, dropping values of the wrong type. */
export function vlanFields(entity: Entity): VlanFields {
  const v = figures(entity);
  return {
    ...placement(v),
    vid: num(v.vid),
    name: str(v.name),
    vlanGroup: str(v.vlanGroup),
  };
}

/** A prefix's `spec.netbox`. */
export interface PrefixFields extends NetboxPlacement {
  prefix?: string;
  /** NetBox 4.2+ scope type, such as `dcim.sitegroup`. */
  scope?: string;
  /**
   * Percent of the prefix in use (0–100). Not emitted by the catalog module today: shown when a
   * later version adds it as `spec.netbox.utilization`.
   */
  utilization?: number;
  /** The DHCP flag of the segments API, shown when the entity carries it as `spec.netbox.dhcp`. */
  dhcp?: boolean;
}

/** Reads a prefix's `spec.netbox`; the prefix falls back to the title the module sets to it. */
export function prefixFields(entity: Entity): PrefixFields {
  const v = figures(entity);
  return {
    ...placement(v),
    prefix: str(v.prefix) ?? entity.metadata.title,
    scope: str(v.scope),
    utilization: num(v.utilization),
    dhcp: bool(v.dhcp),
  };
}

/** A VLAN group's `spec.netbox`. */
export interface VlanGroupFields {
  name?: string;
  slug?: string;
  scope?: string;
  tenant?: string;
  site?: string;
  siteGroup?: string;
}

/** Reads a VLAN group's `spec.netbox`. */
export function vlanGroupFields(entity: Entity): VlanGroupFields {
  const v = figures(entity);
  return {
    name: str(v.name),
    slug: str(v.slug),
    scope: str(v.scope),
    tenant: str(v.tenant),
    site: str(v.site),
    siteGroup: str(v.siteGroup),
  };
}

/** A VRF's `spec.netbox`. */
export interface VrfFields {
  name?: string;
  rd?: string;
  tenant?: string;
}

/** Reads a VRF's `spec.netbox`. */
export function vrfFields(entity: Entity): VrfFields {
  const v = figures(entity);
  return { name: str(v.name), rd: str(v.rd), tenant: str(v.tenant) };
}

/** A site's `spec.netbox`. */
export interface SiteFields {
  name?: string;
  slug?: string;
  status?: string;
  siteGroup?: string;
}

/** Reads a site's `spec.netbox`. */
export function siteFields(entity: Entity): SiteFields {
  const v = figures(entity);
  return {
    name: str(v.name),
    slug: str(v.slug),
    status: str(v.status),
    siteGroup: str(v.siteGroup),
  };
}

/** A site group's `spec.netbox`; `parent` is the enclosing group's name. */
export interface SiteGroupFields {
  name?: string;
  slug?: string;
  parent?: string;
}

/** Reads a site group's `spec.netbox`. */
export function siteGroupFields(entity: Entity): SiteGroupFields {
  const v = figures(entity);
  return { name: str(v.name), slug: str(v.slug), parent: str(v.parent) };
}

/** A tenant's `spec.netbox`. */
export interface TenantFields {
  name?: string;
  slug?: string;
}

/** Reads a tenant's `spec.netbox`. */
export function tenantFields(entity: Entity): TenantFields {
  const v = figures(entity);
  return { name: str(v.name), slug: str(v.slug) };
}

/** The name part the module gives each NetBox type (`<instance>-<part>-<NetBox id>`). */
const NAME_PART: Partial<Record<NetboxEntityType, string>> = {
  [NETBOX_ENTITY_TYPES.vlanGroup]: 'vlangroup',
  [NETBOX_ENTITY_TYPES.site]: 'site',
  [NETBOX_ENTITY_TYPES.siteGroup]: 'sitegroup',
  [NETBOX_ENTITY_TYPES.tenant]: 'tenant',
};

/** Whether a ref names an entity of `type` by the module's naming: no lookup needed. */
export function isNetboxRefOf(type: NetboxEntityType, ref: string): boolean {
  const part = NAME_PART[type];
  return (
    !!part && new RegExp(`^resource:[^/]+/[^/]+-${part}-\\d+$`, 'i').test(ref)
  );
}

/** Refs among `refs` to a site, site group and tenant: linked by ref, never looked up. */
export function placementRefs(refs: string[]): {
  site?: string;
  siteGroup?: string;
  tenant?: string;
} {
  const T = NETBOX_ENTITY_TYPES;
  return {
    site: refs.find(r => isNetboxRefOf(T.site, r)),
    siteGroup: refs.find(r => isNetboxRefOf(T.siteGroup, r)),
    tenant: refs.find(r => isNetboxRefOf(T.tenant, r)),
  };
}

/** Whether a ref names a VLAN group entity (`<instance>-vlangroup-<id>`, the module's naming). */
export function isVlanGroupRef(ref: string): boolean {
  return isNetboxRefOf(NETBOX_ENTITY_TYPES.vlanGroup, ref);
}

/** `dcim.sitegroup` → `Site group`: NetBox's scope types in words. */
export function scopeName(scope: string | undefined): string | undefined {
  if (!scope) return undefined;
  const names: Record<string, string> = {
    'dcim.site': 'Site',
    'dcim.sitegroup': 'Site group',
    'dcim.region': 'Region',
    'dcim.location': 'Location',
  };
  return names[scope] ?? scope;
}

/** A host's NetBox device, as the linking annotated it. */
export interface DeviceLink {
  match?: NetboxMatch;
  url?: string;
  name?: string;
  site?: string;
  rack?: string;
  position?: string;
  /** The devices sharing the host's serial, when more than one does (never linked). */
  candidates: string[];
}

const urlList = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);

/** Reads a host's device annotations and match label. */
export function deviceLink(entity: Entity): DeviceLink {
  const a = entity.metadata.annotations ?? {};
  const A = NETBOX_LINK_ANNOTATIONS;
  return {
    match: netboxMatch(entity),
    url: safeUrl(a[A.deviceUrl]),
    name: a[A.device],
    site: a[A.deviceSite],
    rack: a[A.deviceRack],
    position: a[A.devicePosition],
    candidates: urlList(a[A.deviceAmbiguous]),
  };
}

/** A VM's NetBox VM: the one match, or the several it could be. */
export interface VmLink {
  /** Set when VM linking is on (it labels every VM it tried). */
  match?: NetboxMatch;
  url?: string;
  candidates: string[];
}

/** Reads a VM's NetBox VM annotations and match label. */
export function vmLink(entity: Entity): VmLink {
  const a = entity.metadata.annotations ?? {};
  return {
    match: netboxMatch(entity),
    url: safeUrl(a[NETBOX_LINK_ANNOTATIONS.vmUrl]),
    candidates: urlList(a[NETBOX_LINK_ANNOTATIONS.vmAmbiguous]),
  };
}

/** The VLAN refs an ambiguous portgroup could mean, lower-cased like relation targets. */
export function ambiguousVlanRefs(entity: Entity): string[] {
  return urlList(
    entity.metadata.annotations?.[NETBOX_LINK_ANNOTATIONS.vlanAmbiguous],
  ).map(r => r.toLocaleLowerCase('en-US'));
}

/** By VLAN id; entities without one last. */
export function sortByVid(vlans: Entity[]): Entity[] {
  const vid = (e: Entity) => vlanFields(e).vid ?? Number.MAX_SAFE_INTEGER;
  return [...vlans].sort((a, b) => vid(a) - vid(b));
}

/** Prefixes in address order: `10.0.2.0/24` before `10.0.10.0/24`, not as plain strings. */
export function sortByPrefix(prefixes: Entity[]): Entity[] {
  const key = (e: Entity) => prefixFields(e).prefix ?? '';
  return [...prefixes].sort((a, b) =>
    key(a).localeCompare(key(b), undefined, { numeric: true }),
  );
}
