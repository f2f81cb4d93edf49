/*
 * What the real vSphere provider emits (buildVsphereEntities from
 * plugins/catalog-backend-module-infra/src/vsphere/transform) for a vcsim-shaped inventory, plus
 * the entities that exist in a real catalog before the sync starts (the owner group from the org
 * provider, the System when one is configured). Options apply one lever at a time on top of the
 * transform's own output, so a lever can be measured before it is adopted in the transform.
 */
import { readFileSync } from 'node:fs';
import { Entity } from '@backstage/catalog-model';
import { buildVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/vsphere/transform';
import { vsphereInventory, vsphereShapeFor } from './vsphereInventory';

export interface VsphereEntitiesOptions {
  /** provider `owner` (default the provider's default, `group:default/infrastructure`) */
  owner?: string;
  /** provider `system` (default none, like the provider) */
  system?: string;
  /** provider `entities.templates` / `entities.networks` (default true) */
  templates?: boolean;
  networks?: boolean;
  /** VMs that are templates in the inventory (default 0) */
  templateCount?: number;
  /**
   * `emitted` (default): the transform's order; `parents-first`: datacenters, clusters, hosts,
   * datastores, switches, networks, VMs; `parents-last`: the reverse; `by-host`: each host right
   * after its VMs and templates, then the rest in the transform's order
   */
  order?: 'emitted' | 'parents-first' | 'parents-last' | 'by-host';
  /** entities from a JSON file (an earlier transform's output) instead of the transform */
  file?: string;
  /** drop the preloaded owner group (then its stitches are abandoned: it does not exist) */
  ownerMissing?: boolean;
}

const TYPE_RANK: Record<string, number> = {
  'vsphere-datacenter': 0,
  'vsphere-cluster': 1,
  'vsphere-host': 2,
  'vsphere-datastore': 3,
  'vsphere-dv-switch': 4,
  'vsphere-dv-portgroup': 5,
  'vsphere-network': 5,
  'vsphere-vm-template': 6,
  'vsphere-vm': 7,
};
const rank = (e: Entity) =>
  TYPE_RANK[(e.spec as { type?: string } | undefined)?.type ?? ''] ?? 8;

const typeOf = (e: Entity) => (e.spec as { type?: string } | undefined)?.type;

/**
 * Each host right after the VMs and templates on it, so that its last stitch (after its last VM
 * was processed) comes during the run instead of in the tail; the rest in the given order.
 */
function byHost(entities: Entity[]): Entity[] {
  const hosts = entities.filter(e => typeOf(e) === 'vsphere-host');
  const hostRefs = new Set(
    hosts.map(h => `resource:default/${h.metadata.name}`),
  );
  const onHost = new Map<string, Entity[]>();
  const out: Entity[] = [];
  for (const e of entities) {
    const type = typeOf(e);
    if (type !== 'vsphere-vm' && type !== 'vsphere-vm-template') continue;
    const deps = (e.spec?.dependsOn ?? []) as string[];
    const host = deps.find(d => hostRefs.has(d));
    if (host) onHost.set(host, [...(onHost.get(host) ?? []), e]);
    else out.push(e);
  }
  for (const h of hosts) {
    out.push(...(onHost.get(`resource:default/${h.metadata.name}`) ?? []), h);
  }
  const placed = new Set(out);
  return [...out, ...entities.filter(e => !placed.has(e))];
}

export function vsphereEntities(
  vms: number,
  options: VsphereEntitiesOptions = {},
): { entities: Entity[]; preload: Entity[] } {
  const owner = options.owner ?? 'group:default/infrastructure';
  let entities: Entity[];
  if (options.file) {
    entities = JSON.parse(readFileSync(options.file, 'utf8')) as Entity[];
  } else {
    const inventory = vsphereInventory({
      ...vsphereShapeFor(vms),
      templates: options.templateCount,
    });
    entities = buildVsphereEntities(inventory, {
      owner,
      system: options.system,
      entities: {
        include: [],
        exclude: [],
        vms: true,
        templates: options.templates ?? true,
        networks: options.networks ?? true,
      },
    });
  }
  // a stable sort keeps the transform's order within a type
  if (options.order === 'parents-first') {
    entities = [...entities].sort((a, b) => rank(a) - rank(b));
  } else if (options.order === 'parents-last') {
    entities = [...entities].sort((a, b) => rank(b) - rank(a));
  } else if (options.order === 'by-host') {
    entities = byHost(entities);
  }

  const location = 'url:https://github.com/example/org/blob/main/org.yaml';
  const annotations = {
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
  };
  const preload: Entity[] = [];
  if (!options.ownerMissing) {
    const name = owner.replace(/^group:default\//, '');
    preload.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, title: 'Infrastructure', annotations },
      spec: { type: 'team', children: [] },
    });
  }
  if (options.system) {
    preload.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: options.system, annotations },
      spec: { owner },
    });
  }
  return { entities, preload };
}
