import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import {
  VSPHERE_CHANGED_TOPIC,
  VsphereChangedEvent,
} from '@infra-inventory/plugin-infra-common';
import { Inventory, MoRef } from '@infra-inventory/plugin-infra-node';
import { vsphereEntityName } from '../transform/entityName';

/** What a full sync or a live batch of one vCenter applied to the catalog. */
export interface VsphereApplied {
  /** The inventory the entities were rendered from. */
  inventory: Inventory;
  /** Objects (`type:value`) that changed, when the source knows them (live updates). */
  changedObjects?: readonly string[];
  /** `metadata.name` of the entities added or changed. */
  changedEntities?: readonly string[];
  /** `metadata.name` of the entities removed. */
  removedEntities?: readonly string[];
}

/** Called by the vSphere provider and its live loop after they applied a mutation. Never throws. */
export type VsphereAppliedHook = (applied: VsphereApplied) => void;

const keyOf = (m: MoRef) => `${m.type}:${m.value}`;

/** Which clusters' resources each object of an inventory feeds, and entity names to objects. */
interface ClusterIndex {
  /** `type:value` → cluster morefs whose pools, networks, datastores or templates include it. */
  clustersOf: Map<string, string[]>;
  /** Entity `metadata.name` → `type:value`. */
  objectOf: Map<string, string>;
}

function indexInventory(vcenterId: string, inv: Inventory): ClusterIndex {
  const clustersOf = new Map<string, string[]>();
  const objectOf = new Map<string, string>();
  const clusterOfHost = new Map<string, string>();
  for (const c of inv.computeResources) {
    if (c.isCluster) clustersOf.set(keyOf(c.moref), [c.moref.value]);
  }
  for (const h of inv.hosts) {
    if (h.parent?.type === 'ClusterComputeResource') {
      clusterOfHost.set(h.moref.value, h.parent.value);
      clustersOf.set(keyOf(h.moref), [h.parent.value]);
    }
  }
  const poolParent = new Map(
    inv.resourcePools.map(p => [keyOf(p.moref), p.parent]),
  );
  const clusterOfPool = (pool: MoRef | undefined): string | undefined => {
    // resource pools and vApps nest; the root pool's parent is the cluster
    for (let p = pool, depth = 0; p && depth < 64; depth++) {
      if (p.type === 'ClusterComputeResource') return p.value;
      p = poolParent.get(keyOf(p));
    }
    return undefined;
  };
  const set = (obj: MoRef, clusters: Iterable<string | undefined>) => {
    const list = [...new Set(clusters)].filter((c): c is string => !!c);
    if (list.length > 0) clustersOf.set(keyOf(obj), list);
  };
  for (const p of inv.resourcePools) set(p.moref, [clusterOfPool(p.moref)]);
  for (const vm of inv.vms) {
    // a cluster lists templates, not VMs: a VM's power or guest changes concern no entry (a VM
    // turned into a template, or back, is one in the index before or after)
    if (!vm.template) continue;
    set(vm.moref, [
      (vm.host && clusterOfHost.get(vm.host.value)) ||
        clusterOfPool(vm.resourcePool),
    ]);
  }
  for (const ds of inv.datastores) {
    set(
      ds.moref,
      ds.hostMounts.map(m => clusterOfHost.get(m.host.value)),
    );
  }
  for (const n of inv.networks) {
    set(
      n.moref,
      n.hosts.map(h => clusterOfHost.get(h.value)),
    );
  }
  for (const records of [
    inv.vms,
    inv.hosts,
    inv.computeResources,
    inv.datastores,
    inv.networks,
    inv.resourcePools,
    inv.datacenters,
  ]) {
    for (const r of records as Array<{ moref: MoRef }>) {
      objectOf.set(vsphereEntityName(vcenterId, r.moref), keyOf(r.moref));
    }
  }
  return { clustersOf, objectOf };
}

/**
 * Tells the resources API which of a vCenter's clusters changed: after each full sync or live
 * batch it works out, from the inventory the entities came from, the clusters whose pools,
 * networks, datastores or templates the changed objects belong to (a VM counts only while it is
 * a template, in the index before or after the change; a datastore or network feeds
 * every cluster whose hosts reach it; a host moved between clusters or an object removed counts
 * for where it was too), and publishes {@link VSPHERE_CHANGED_TOPIC} when there is any.
 */
export class VsphereChangePublisher {
  private last?: ClusterIndex;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly options: {
      events: EventsService;
      /** The provider's id: the key under `catalog.providers.vsphere`. */
      vcenterId: string;
      logger: LoggerService;
    },
  ) {}

  /** The hook for the provider and its live loop: publishes in order, never throws. */
  readonly hook: VsphereAppliedHook = applied => {
    this.chain = this.chain
      .then(() => this.publish(applied))
      .catch(error =>
        this.options.logger.warn(
          `Could not publish ${VSPHERE_CHANGED_TOPIC} for ${
            this.options.vcenterId
          }: ${stringifyError(error)}`,
        ),
      );
  };

  /** Resolves when every change handed to {@link VsphereChangePublisher.hook} is published. */
  async settled(): Promise<void> {
    await this.chain;
  }

  /** The event for `applied` (undefined when no cluster or list changed), published. */
  async publish(
    applied: VsphereApplied,
  ): Promise<VsphereChangedEvent | undefined> {
    const { vcenterId } = this.options;
    const index = indexInventory(vcenterId, applied.inventory);
    const previous = this.last;
    this.last = index;

    const objects = new Set(applied.changedObjects ?? []);
    for (const name of [
      ...(applied.changedEntities ?? []),
      ...(applied.removedEntities ?? []),
    ]) {
      const obj = index.objectOf.get(name) ?? previous?.objectOf.get(name);
      if (obj) objects.add(obj);
    }
    const clusters = new Set<string>();
    let datacenters = false;
    for (const obj of objects) {
      const type = obj.slice(0, obj.indexOf(':'));
      if (type === 'Datacenter' || type === 'ClusterComputeResource') {
        datacenters = true;
      }
      for (const c of index.clustersOf.get(obj) ?? []) clusters.add(c);
      for (const c of previous?.clustersOf.get(obj) ?? []) clusters.add(c);
    }
    if (clusters.size === 0 && !datacenters) return undefined;
    const event: VsphereChangedEvent = {
      vcenter: vcenterId,
      clusters: [...clusters].sort(),
      ...(datacenters ? { datacenters: true } : {}),
    };
    await this.options.events.publish({
      topic: VSPHERE_CHANGED_TOPIC,
      eventPayload: event,
    });
    return event;
  }
}
