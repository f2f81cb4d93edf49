import { Entity } from '@backstage/catalog-model';
import type { EntityLinker } from '../../links/LinkIndex';
import { VsphereProviderConfig } from '../config';
import { transformContext } from './common';
import { clusterEntity, datacenterEntity, hostEntity } from './compute';
import { Ref, VsphereInventory } from './model';
import { vsphereEntityRef } from './entityName';
import { dvSwitchEntity, networkEntity } from './network';
import { datastoreEntity } from './storage';
import { vmEntity } from './vms';

export type { VsphereInventory } from './model';

/**
 * Every catalog entity of one vCenter's inventory, filtered by the provider's `entities` settings.
 * Pure: the same inventory always renders the same entities. With `only`, just the entities of
 * those objects (`type:value`), rendered exactly as in the whole set: relations are still pruned
 * against every entity the whole set would hold.
 */
export function buildVsphereEntities(
  inventory: VsphereInventory,
  options: Pick<VsphereProviderConfig, 'owner' | 'system' | 'entities'> & {
    /** NetBox links (issue 9): applied after pruning, so refs to NetBox entities stay. */
    links?: EntityLinker;
    /**
     * Render only these objects: a live batch re-renders what its updates can have changed,
     * not a 10,000-VM inventory every 250 ms.
     */
    only?: ReadonlySet<string>;
  },
): Entity[] {
  const ctx = transformContext(inventory, options);
  const { include, exclude, vms, templates, networks } = options.entities;
  const { only } = options;
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
  /** Refs of every entity the whole set holds, rendered now or not. */
  const emitted = new Set<string>();
  const emit = <T extends { ref: Ref; name: string }>(
    object: T,
    render: (o: T) => Entity,
  ) => {
    if (!wanted(object.name)) return;
    // baseEntity names every entity after its moref, as this ref does
    emitted.add(vsphereEntityRef(inventory.vcenterId, object.ref));
    if (only && !only.has(`${object.ref.type}:${object.ref.value}`)) return;
    out.push(render(object));
  };
  for (const vm of inventory.vms) {
    if (vm.template ? templates : vms) emit(vm, o => vmEntity(ctx, o));
  }
  for (const h of inventory.hosts) {
    emit(h, o => hostEntity(ctx, o, clustersByKey));
  }
  for (const d of inventory.datastores) emit(d, o => datastoreEntity(ctx, o));
  if (networks) {
    for (const n of inventory.networks) emit(n, o => networkEntity(ctx, o));
    for (const sw of inventory.dvSwitches) {
      emit(sw, o => dvSwitchEntity(ctx, o));
    }
  }
  for (const c of inventory.clusters) {
    if (c.isCluster) emit(c, o => clusterEntity(ctx, o));
  }
  for (const dc of inventory.datacenters) {
    emit(dc, o => datacenterEntity(ctx, o));
  }
  const entities = pruneDanglingRelations(out, emitted);
  // --- NetBox links (src/links): a pure in-memory join, no calls
  options.links?.link(entities, inventory);
  // --- end NetBox links
  return entities;
}

/**
 * Drops `dependsOn` targets that this read does not emit (filtered out, networks off), so the
 * catalog never shows relations to entities that do not exist.
 */
function pruneDanglingRelations(
  entities: Entity[],
  emitted: ReadonlySet<string>,
): Entity[] {
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
