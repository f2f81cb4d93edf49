import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { VsphereTag } from '@infra-inventory/plugin-infra-node';
import {
  ANNOTATION_VSPHERE_MOREF,
  ANNOTATION_VSPHERE_MOREF_TYPE,
  ANNOTATION_VSPHERE_VCENTER,
  VSPHERE_ANNOTATION_DOMAIN,
  VsphereEntityType,
} from '@infra-inventory/plugin-infra-common';
import { vsphereEntityName } from './entityName';
import { Ref, VsphereInventory } from './model';

/** What every transformer needs besides the object itself. */
export interface TransformContext {
  inventory: VsphereInventory;
  owner: string;
  system?: string;
  /** `vsphere:<url>`, the location the catalog attributes the entities to. */
  location: string;
}

export function transformContext(
  inventory: VsphereInventory,
  options: { owner: string; system?: string },
): TransformContext {
  return {
    inventory,
    owner: options.owner,
    system: options.system,
    location: `vsphere:${inventory.url}`,
  };
}

export const LABEL_POWER = `${VSPHERE_ANNOTATION_DOMAIN}/power-state`;
export const LABEL_CONNECTION = `${VSPHERE_ANNOTATION_DOMAIN}/connection-state`;
export const LABEL_MAINTENANCE = `${VSPHERE_ANNOTATION_DOMAIN}/maintenance`;
export const LABEL_CLUSTER = `${VSPHERE_ANNOTATION_DOMAIN}/cluster`;
export const LABEL_DATASTORE_TYPE = `${VSPHERE_ANNOTATION_DOMAIN}/datastore-type`;
export const LABEL_STATUS = `${VSPHERE_ANNOTATION_DOMAIN}/status`;
export const LABEL_ALARM = `${VSPHERE_ANNOTATION_DOMAIN}/alarm`;

const LABEL_VALUE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Keeps only label values the catalog accepts, so one odd value never rejects an entity. */
export function labels(
  entries: Record<string, string | undefined>,
): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(entries)) {
    if (v !== undefined && v.length <= 63 && LABEL_VALUE.test(v)) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Backstage's rule for `metadata.tags`. */
const CATALOG_TAG = /^[a-z0-9+#]+(-[a-z0-9+#]+)*$/;
const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * A vSphere tag as a catalog tag, `<category>-<tag>` in the catalog's alphabet (`Environment:
 * Production` → `environment-production`), or undefined when nothing valid is left. The catalog
 * allows no `:`, and the category is kept so `owner-blue` and `env-blue` stay apart.
 */
export function catalogTag(tag: VsphereTag): string | undefined {
  const category = slug(tag.category);
  const name = slug(tag.name);
  if (!name) return undefined;
  const value = category ? `${category}-${name}` : name;
  return value.length <= 63 && CATALOG_TAG.test(value) ? value : undefined;
}

/** `resource:default/<name>` of another vSphere object of the same vCenter. */
export function refOf(ctx: TransformContext, ref: Ref): string {
  return `resource:default/${vsphereEntityName(ctx.inventory.vcenterId, ref)}`;
}

/** Drops undefined fields so hashes and stored JSON stay small and stable. */
export function compact<T extends object>(o: T): T {
  // a copy rather than `delete`, which turns objects into slow dictionaries
  const r = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in r) {
    if (Object.prototype.hasOwnProperty.call(r, k) && r[k] !== undefined) {
      out[k] = r[k];
    }
  }
  return out as T;
}

/**
 * The skeleton every vSphere entity shares: stable name from vCenter id + moref, the real name as
 * title, the managed-by annotations and the vCenter/moref annotations.
 */
export function baseEntity(
  ctx: TransformContext,
  object: { ref: Ref; name: string },
  type: VsphereEntityType,
  extra: {
    annotations?: Record<string, string | undefined>;
    labels?: Record<string, string | undefined>;
    dependsOn?: Array<string | undefined>;
    vsphere?: JsonObject;
  },
): Entity {
  const objectKey = `${object.ref.type}:${object.ref.value}`;
  const alarm = ctx.inventory.alarms?.get(objectKey);
  const vsphereTags = ctx.inventory.tags?.get(objectKey);
  const tags = vsphereTags && [
    ...new Set(vsphereTags.map(catalogTag).filter(t => t !== undefined)),
  ];
  const dependsOn = [...new Set(extra.dependsOn?.filter(Boolean) as string[])];
  const vsphere: JsonObject | undefined = vsphereTags
    ? {
        ...extra.vsphere,
        tags: vsphereTags.map(t => ({ category: t.category, name: t.name })),
      }
    : extra.vsphere;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: compact({
      name: vsphereEntityName(ctx.inventory.vcenterId, object.ref),
      title: object.name,
      annotations: compact({
        'backstage.io/managed-by-location': ctx.location,
        'backstage.io/managed-by-origin-location': ctx.location,
        [ANNOTATION_VSPHERE_VCENTER]: ctx.inventory.vcenterId,
        [ANNOTATION_VSPHERE_MOREF]: object.ref.value,
        [ANNOTATION_VSPHERE_MOREF_TYPE]: object.ref.type,
        ...extra.annotations,
      }) as Record<string, string>,
      labels: labels({ ...extra.labels, [LABEL_ALARM]: alarm }),
      tags: tags?.length ? tags : undefined,
    }),
    spec: compact({
      type,
      owner: ctx.owner,
      system: ctx.system,
      dependsOn: dependsOn.length ? dependsOn : undefined,
      vsphere: vsphere ? compact(vsphere) : undefined,
    }),
  };
}
