import { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type { VsphereTag } from '@infra-inventory/plugin-infra-node';
import {
  ANNOTATION_VSPHERE_MOREF,
  ANNOTATION_VSPHERE_MOREF_TYPE,
  ANNOTATION_VSPHERE_VCENTER,
  VSPHERE_ANNOTATION_DOMAIN,
  VsphereEntityType,
  withoutUndefined,
} from '@infra-inventory/plugin-infra-common';
import { vsphereEntityName, vsphereEntityRef } from './entityName';
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
  let out: Record<string, string> | undefined;
  for (const k of Object.keys(entries)) {
    const v = entries[k];
    if (v !== undefined && v.length <= 63 && LABEL_VALUE.test(v)) {
      (out ??= {})[k] = v;
    }
  }
  return out;
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
  return vsphereEntityRef(ctx.inventory.vcenterId, ref);
}

/** The distinct defined refs, in their first order (short lists: no Set needed). */
function distinctRefs(refs: Array<string | undefined> | undefined): string[] {
  const out: string[] = [];
  if (!refs) return out;
  if (refs.length > 32) {
    return [...new Set(refs.filter((r): r is string => Boolean(r)))];
  }
  for (const r of refs) if (r && !out.includes(r)) out.push(r);
  return out;
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
  const { alarms, tags: tagsByObject } = ctx.inventory;
  // most objects have neither: no key string for them
  const objectKey =
    alarms?.size || tagsByObject?.size
      ? `${object.ref.type}:${object.ref.value}`
      : undefined;
  const alarm = objectKey ? alarms?.get(objectKey) : undefined;
  const vsphereTags = objectKey ? tagsByObject?.get(objectKey) : undefined;
  const tags = vsphereTags && [
    ...new Set(vsphereTags.map(catalogTag).filter(t => t !== undefined)),
  ];
  const dependsOn = distinctRefs(extra.dependsOn);
  const vsphere: JsonObject | undefined = vsphereTags
    ? {
        ...extra.vsphere,
        tags: vsphereTags.map(t => ({ category: t.category, name: t.name })),
      }
    : extra.vsphere;

  // Built field by field in the order the JSON has always had (hashes depend on it), with
  // undefined fields left out as they are written, instead of spreads and compacting copies.
  const annotations: Record<string, string> = {
    'backstage.io/managed-by-location': ctx.location,
    'backstage.io/managed-by-origin-location': ctx.location,
    [ANNOTATION_VSPHERE_VCENTER]: ctx.inventory.vcenterId,
    [ANNOTATION_VSPHERE_MOREF]: object.ref.value,
    [ANNOTATION_VSPHERE_MOREF_TYPE]: object.ref.type,
  };
  if (extra.annotations) {
    for (const k of Object.keys(extra.annotations)) {
      const v = extra.annotations[k];
      if (v !== undefined) annotations[k] = v;
    }
  }
  const metadata: Entity['metadata'] = {
    name: vsphereEntityName(ctx.inventory.vcenterId, object.ref),
    title: object.name,
    annotations,
  };
  const entityLabels = labels(
    alarm === undefined
      ? extra.labels ?? {}
      : { ...extra.labels, [LABEL_ALARM]: alarm },
  );
  if (entityLabels) metadata.labels = entityLabels;
  if (tags?.length) metadata.tags = tags;
  const spec: JsonObject = { type, owner: ctx.owner };
  if (ctx.system !== undefined) spec.system = ctx.system;
  if (dependsOn.length) spec.dependsOn = dependsOn;
  if (vsphere) spec.vsphere = withoutUndefined(vsphere);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata,
    spec,
  };
}
