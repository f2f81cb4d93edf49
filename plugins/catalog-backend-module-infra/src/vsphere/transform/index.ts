import { Entity } from '@backstage/catalog-model';
import type { EntityLinker } from '../../links/LinkIndex';
import { VsphereProviderConfig } from '../config';
import { transformContext } from './common';
import { clusterEntity, datacenterEntity, hostEntity } from './compute';
import { VsphereInventory } from './model';
import { dvSwitchEntity, networkEntity } from './network';
import { datastoreEntity } from './storage';
import { vmEntity } from './vms';

export type { VsphereInventory } from './model';

/**
 * Every catalog entity of one vCenter's inventory, filtered by the provider's `entities` settings.
 * Pure: the same inventory always renders the same entities.
 */
export function buildVsphereEntities(
  inventory: VsphereInventory,
  options: Pick<VsphereProviderConfig, 'owner' | 'system' | 'entities'> & {
    /** NetBox links (issue 9): applied after pruning, so refs to NetBox entities stay. */
    links?: EntityLinker;
  },
): Entity[] {
  const ctx = transformContext(inventory, options);
  const { include, exclude, vms, templates, networks } = options.entities;
  const wanted = (name: string) =>
    (include.length === 0 || include.some(r => r.test(name))) &&
    !exclude.some(r => r.test(name));
  const clustersByKey = new Map(
    inventory.clusters.map(c => [`${c.ref.type}:${c.ref.value}`, c]),
  );

  // Every entity before the targets of its relations: VMs, hosts, datastores, networks, DV
  // switches, clusters, datacenters. The catalog processes a new mutation's rows about in the
  // order given, and every processed entity marks the targets of its relations for stitching. A
  // target not processed yet is skipped cheaply; one processed early is stitched again, with all
  // of its relations and search rows, after each batch of entities that point at it. Emitted after
  // them, each target is stitched about once (docs/catalog-processing.md).
  const out: Entity[] = [];
  for (const vm of inventory.vms) {
    if ((vm.template ? templates : vms) && wanted(vm.name))
      out.push(vmEntity(ctx, vm));
  }
  for (const h of inventory.hosts)
    if (wanted(h.name)) out.push(hostEntity(ctx, h, clustersByKey));
  for (const d of inventory.datastores)
    if (wanted(d.name)) out.push(datastoreEntity(ctx, d));
  if (networks) {
    for (const n of inventory.networks)
      if (wanted(n.name)) out.push(networkEntity(ctx, n));
    for (const s of inventory.dvSwitches)
      if (wanted(s.name)) out.push(dvSwitchEntity(ctx, s));
  }
  for (const c of inventory.clusters) {
    if (c.isCluster && wanted(c.name)) out.push(clusterEntity(ctx, c));
  }
  for (const dc of inventory.datacenters)
    if (wanted(dc.name)) out.push(datacenterEntity(ctx, dc));
  const entities = pruneDanglingRelations(out);
  // --- NetBox links (src/links): a pure in-memory join, no calls
  options.links?.link(entities, inventory);
  // --- end NetBox links
  return entities;
}

/**
 * Drops `dependsOn` targets that this read does not emit (filtered out, networks off), so the
 * catalog never shows relations to entities that do not exist.
 */
function pruneDanglingRelations(entities: Entity[]): Entity[] {
  const emitted = new Set(
    entities.map(e => `resource:default/${e.metadata.name}`),
  );
  for (const e of entities) {
    const deps = e.spec?.dependsOn as string[] | undefined;
    if (!deps) continue;
    const kept = deps.filter(d => emitted.has(d));
    if (kept.length === deps.length) continue;
    if (kept.length) e.spec!.dependsOn = kept;
    else delete e.spec!.dependsOn;
  }
  return entities;
}
