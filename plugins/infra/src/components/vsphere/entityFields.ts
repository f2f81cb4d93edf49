/**
 * The one place that knows how the vSphere provider shapes its entities (see
 * `catalog-backend-module-infra/src/vsphere/transform`): `spec.type`, `spec.vsphere` figures,
 * labels, annotations and relations. Components read entities only through these accessors, so a
 * renamed field is a change here and nowhere else.
 */
import { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_VSPHERE_INSTANCE_UUID,
  ANNOTATION_VSPHERE_MOREF,
  ANNOTATION_VSPHERE_MOREF_TYPE,
  ANNOTATION_VSPHERE_SERIAL,
  ANNOTATION_VSPHERE_VCENTER,
  VSPHERE_ANNOTATION_DOMAIN,
  VSPHERE_ENTITY_TYPES,
  VsphereEntityType,
} from '@infra-inventory/plugin-infra-common';
import { bool, num, specSection, str } from '../common/specValues';

/** A catalog entity (the catalog client's own type, without a direct catalog-model dependency). */
export type Entity = NonNullable<
  Awaited<ReturnType<CatalogApi['getEntityByRef']>>
>;

/** Labels the provider sets, for catalog filters and facets. */
export const VSPHERE_LABELS = {
  power: `${VSPHERE_ANNOTATION_DOMAIN}/power-state`,
  connection: `${VSPHERE_ANNOTATION_DOMAIN}/connection-state`,
  maintenance: `${VSPHERE_ANNOTATION_DOMAIN}/maintenance`,
  cluster: `${VSPHERE_ANNOTATION_DOMAIN}/cluster`,
  datastoreType: `${VSPHERE_ANNOTATION_DOMAIN}/datastore-type`,
  status: `${VSPHERE_ANNOTATION_DOMAIN}/status`,
  alarm: `${VSPHERE_ANNOTATION_DOMAIN}/alarm`,
} as const;

/** Catalog filter/facet key of a label. */
export function labelKey(label: string): string {
  return `metadata.labels.${label}`;
}

/** The provider's entities are Resources in the default namespace. */
const VSPHERE_KIND = 'resource';
const VSPHERE_NAMESPACE = 'default';

/**
 * What the cards ask the catalog for about related entities: enough for a link, a state and the
 * figures, nothing else (no annotations, no relations).
 */
export const SUMMARY_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.labels',
  'spec.type',
  'spec.vsphere',
];

/** `spec.type` of an entity, if it is one of the vSphere types. */
export function vsphereType(entity: Entity): VsphereEntityType | undefined {
  const type = entity.spec?.type;
  return (Object.values(VSPHERE_ENTITY_TYPES) as unknown[]).includes(type)
    ? (type as VsphereEntityType)
    : undefined;
}

export function isVm(entity: Entity): boolean {
  const type = vsphereType(entity);
  return (
    type === VSPHERE_ENTITY_TYPES.vm || type === VSPHERE_ENTITY_TYPES.vmTemplate
  );
}

export function isTemplate(entity: Entity): boolean {
  return vsphereType(entity) === VSPHERE_ENTITY_TYPES.vmTemplate;
}

export function isNetwork(entity: Entity): boolean {
  const type = vsphereType(entity);
  return (
    type === VSPHERE_ENTITY_TYPES.network ||
    type === VSPHERE_ENTITY_TYPES.dvPortgroup
  );
}

/** The real vSphere name: the title, falling back to the entity name. */
export function displayName(entity: Entity): string {
  return entity.metadata.title ?? entity.metadata.name;
}

/** `resource:default/lab-host-10`, lower-cased like the catalog's relation targets. */
export function entityRef(entity: Entity): string {
  const kind = (entity.kind ?? VSPHERE_KIND).toLocaleLowerCase('en-US');
  const namespace = entity.metadata.namespace ?? VSPHERE_NAMESPACE;
  return `${kind}:${namespace}/${entity.metadata.name}`.toLocaleLowerCase(
    'en-US',
  );
}

/** Same as {@link entityRef} for a plain ref string, so refs compare equal. */
export function normalizeRef(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/** `resource:default/<name>` of another entity of the provider, from its entity name. */
export function vsphereRef(name: string): string {
  return normalizeRef(`${VSPHERE_KIND}:${VSPHERE_NAMESPACE}/${name}`);
}

/** Targets of the entity's relations of one type (the catalog derives them from `spec.dependsOn`). */
export function relationRefs(
  entity: Entity,
  type: 'dependsOn' | 'dependencyOf',
): string[] {
  const refs = (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => normalizeRef(r.targetRef));
  return [...new Set(refs)];
}

// --- typed reads of spec.vsphere, tolerant of missing or odd values -------------------------------

const figures = (entity: Entity) => specSection(entity, 'vsphere');

export interface ClusterFields {
  /** Total CPU of the hosts. */
  cpuMhz?: number;
  /** CPU available to VMs (hosts up, not in maintenance, minus overhead). */
  effectiveCpuMhz?: number;
  memoryBytes?: number;
  effectiveMemoryBytes?: number;
  hosts?: number;
  effectiveHosts?: number;
  ha?: boolean;
  drs?: boolean;
  drsBehavior?: string;
}

export function clusterFields(entity: Entity): ClusterFields {
  const v = figures(entity);
  const effectiveMemoryMb = num(v.effectiveMemoryMb);
  return {
    cpuMhz: num(v.cpuMhz),
    effectiveCpuMhz: num(v.effectiveCpuMhz),
    memoryBytes: num(v.memoryBytes),
    effectiveMemoryBytes:
      effectiveMemoryMb === undefined
        ? undefined
        : effectiveMemoryMb * 1024 * 1024,
    hosts: num(v.hosts),
    effectiveHosts: num(v.effectiveHosts),
    ha: bool(v.ha),
    drs: bool(v.drs),
    drsBehavior: str(v.drsBehavior),
  };
}

export interface HostFields {
  vendor?: string;
  model?: string;
  serial?: string;
  cpuCores?: number;
  /** Per core. */
  cpuMhz?: number;
  memoryBytes?: number;
  version?: string;
  build?: string;
  /** Refs of the networks and portgroups it connects to (uplinks left out); absent on older syncs. */
  networks?: string[];
}

export function hostFields(entity: Entity): HostFields {
  const v = figures(entity);
  return {
    vendor: str(v.vendor),
    model: str(v.model),
    serial:
      str(v.serial) ?? entity.metadata.annotations?.[ANNOTATION_VSPHERE_SERIAL],
    cpuCores: num(v.cpuCores),
    cpuMhz: num(v.cpuMhz),
    memoryBytes: num(v.memoryBytes),
    version: str(v.version),
    build: str(v.build),
    networks: Array.isArray(v.networks)
      ? v.networks.filter((n): n is string => typeof n === 'string')
      : undefined,
  };
}

export interface VmFields {
  cpus?: number;
  memoryBytes?: number;
  guest?: string;
  ip?: string;
  tools?: string;
  toolsVersion?: string;
  committedBytes?: number;
  uncommittedBytes?: number;
  resourcePool?: string;
  uuid?: string;
}

export function vmFields(entity: Entity): VmFields {
  const v = figures(entity);
  const memoryMb = num(v.memoryMb);
  return {
    cpus: num(v.cpus),
    memoryBytes: memoryMb === undefined ? undefined : memoryMb * 1024 * 1024,
    guest: str(v.guest),
    ip: str(v.ip),
    tools: str(v.tools),
    toolsVersion: str(v.toolsVersion),
    committedBytes: num(v.committedBytes),
    uncommittedBytes: num(v.uncommittedBytes),
    resourcePool: str(v.resourcePool),
    uuid: str(v.uuid),
  };
}

export interface DatastoreFields {
  type?: string;
  url?: string;
  capacityBytes?: number;
  freeBytes?: number;
  uncommittedBytes?: number;
  accessible?: boolean;
  maintenanceMode?: string;
  vms?: number;
  /** capacity − free. */
  usedBytes?: number;
  /** capacity − free + uncommitted: what thin disks may grow to. */
  provisionedBytes?: number;
}

export function datastoreFields(entity: Entity): DatastoreFields {
  const v = figures(entity);
  const capacityBytes = num(v.capacityBytes);
  const freeBytes = num(v.freeBytes);
  const uncommittedBytes = num(v.uncommittedBytes);
  const usedBytes =
    capacityBytes !== undefined && freeBytes !== undefined
      ? capacityBytes - freeBytes
      : undefined;
  return {
    type: str(v.type) ?? entity.metadata.labels?.[VSPHERE_LABELS.datastoreType],
    url: str(v.url),
    capacityBytes,
    freeBytes,
    uncommittedBytes,
    accessible: bool(v.accessible),
    maintenanceMode: str(v.maintenanceMode),
    vms: num(v.vms),
    usedBytes,
    provisionedBytes:
      usedBytes === undefined ? undefined : usedBytes + (uncommittedBytes ?? 0),
  };
}

export interface NetworkFields {
  /** `120`, `trunk:100-199,300`, `pvlan:20`. */
  vlan?: string;
  vlanId?: number;
  uplink?: boolean;
  hosts?: number;
  vms?: number;
}

export function networkFields(entity: Entity): NetworkFields {
  const v = figures(entity);
  return {
    vlan: str(v.vlan),
    vlanId: num(v.vlanId),
    uplink: bool(v.uplink),
    hosts: num(v.hosts),
    vms: num(v.vms),
  };
}

// --- labels and annotations ----------------------------------------------------------------------

export type OverallStatus = 'green' | 'yellow' | 'red' | 'gray';

export interface VsphereStates {
  /** `poweredOn`, `poweredOff`, `suspended`, `standBy`, `unknown`. */
  power?: string;
  /** `connected`, `disconnected`, `notResponding`. */
  connection?: string;
  /** Hosts: `true`; datastores: their maintenance mode when not `normal`. */
  maintenance?: string;
  /** Entity name of the cluster (VMs and hosts). */
  cluster?: string;
  status?: OverallStatus;
  /** Worst triggered alarm at the last sync. */
  alarm?: OverallStatus;
}

const overall = (v: string | undefined) =>
  v === 'green' || v === 'yellow' || v === 'red' || v === 'gray'
    ? v
    : undefined;

export function vsphereStates(entity: Entity): VsphereStates {
  const labels = entity.metadata.labels ?? {};
  return {
    power: labels[VSPHERE_LABELS.power],
    connection: labels[VSPHERE_LABELS.connection],
    maintenance: labels[VSPHERE_LABELS.maintenance],
    cluster: labels[VSPHERE_LABELS.cluster],
    status: overall(labels[VSPHERE_LABELS.status]),
    alarm: overall(labels[VSPHERE_LABELS.alarm]),
  };
}

/** Whether a host is in maintenance mode. */
export function inMaintenance(entity: Entity): boolean {
  return vsphereStates(entity).maintenance === 'true';
}

export interface VsphereIdentity {
  vcenter?: string;
  moref?: string;
  morefType?: string;
  instanceUuid?: string;
}

export function vsphereIdentity(entity: Entity): VsphereIdentity {
  const a = entity.metadata.annotations ?? {};
  return {
    vcenter: a[ANNOTATION_VSPHERE_VCENTER],
    moref: a[ANNOTATION_VSPHERE_MOREF],
    morefType: a[ANNOTATION_VSPHERE_MOREF_TYPE],
    instanceUuid: a[ANNOTATION_VSPHERE_INSTANCE_UUID],
  };
}

/** Ref of the cluster a VM or host runs in, from its cluster label (may name a standalone host's compute resource, which has no entity). */
export function clusterRef(entity: Entity): string | undefined {
  const cluster = vsphereStates(entity).cluster;
  return cluster ? vsphereRef(cluster) : undefined;
}

/** The entities of the given types, dropping refs the catalog did not find (`undefined`). */
export function byType(
  entities: Array<Entity | undefined>,
  ...types: VsphereEntityType[]
): Entity[] {
  return entities.filter(
    (e): e is Entity =>
      e !== undefined && types.includes(vsphereType(e) as VsphereEntityType),
  );
}

/** Sorts by display name, case-insensitively and numerically (`esx-2` before `esx-10`). */
export function sortByName(entities: Entity[]): Entity[] {
  return [...entities].sort((a, b) =>
    displayName(a).localeCompare(displayName(b), undefined, {
      numeric: true,
      sensitivity: 'base',
    }),
  );
}
