import {
  DEFAULT_INVENTORY_SPEC,
  Inventory,
  moRefKey,
  MoRef,
  ObjectContent,
  ObjectUpdate,
  readInventory,
  VimClient,
} from '@infra-inventory/plugin-infra-node';

type InventoryList = Exclude<
  keyof Inventory,
  'triggeredAlarms' | 'missing' | 'stats'
>;
const LISTS: InventoryList[] = [
  'vms',
  'hosts',
  'computeResources',
  'datastores',
  'networks',
  'distributedSwitches',
  'datacenters',
  'folders',
  'resourcePools',
];

interface Cached {
  list: InventoryList;
  record: Inventory[InventoryList][number];
}

/**
 * The live loop's copy of a vCenter's inventory: the property values of every object the filter
 * reports, merged update by update, and the typed records built from them. Records are built by
 * the same code as the full read (readInventory, replaying the changed objects' properties), so
 * a live update and a full read of the same state give the same records.
 */
export class LiveModel {
  private readonly contents = new Map<string, ObjectContent>();
  private readonly records = new Map<string, Cached>();
  private alarms: Inventory['triggeredAlarms'] = [];
  /** Objects changed since the last {@link LiveModel.inventory}. */
  private readonly dirty = new Set<string>();
  /** When each object's last update arrived (epoch ms), the initial state included. */
  private readonly updatedAt = new Map<string, number>();
  /** A change the model cannot merge (a nested array path): a full read is due. */
  unsupported?: string;

  constructor(private readonly rootFolder: MoRef) {}

  get size(): number {
    return this.contents.size;
  }

  /** Merges one WaitForUpdatesEx object update. */
  apply(update: ObjectUpdate): void {
    const key = moRefKey(update.obj);
    this.updatedAt.set(key, Date.now());
    if (update.kind === 'leave') {
      this.contents.delete(key);
      this.dirty.add(key);
      return;
    }
    let content = this.contents.get(key);
    if (!content || update.kind === 'enter') {
      content = { obj: update.obj, props: {}, types: {}, missing: [] };
      this.contents.set(key, content);
    }
    for (const change of update.changes) {
      if (change.name.includes('[')) {
        this.unsupported ??= `${update.kind} of ${key} changed ${change.name}`;
        continue;
      }
      if (change.op === 'remove' || change.val === undefined) {
        delete content.props[change.name];
        delete content.types[change.name];
      } else {
        content.props[change.name] = change.val;
        if (change.type) content.types[change.name] = change.type;
      }
    }
    content.missing = update.missing;
    this.dirty.add(key);
  }

  /** Objects (`type:value`) whose last update arrived at or after `since` (epoch ms). */
  changedSince(since: number): string[] {
    const out: string[] = [];
    for (const [key, at] of this.updatedAt) if (at >= since) out.push(key);
    return out;
  }

  /** True when updates arrived since the last {@link LiveModel.inventory}. */
  get hasChanges(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * The whole inventory as records, rebuilding only the objects that changed, and the keys
   * (`type:value`) of the objects that changed since the last call.
   */
  async inventory(): Promise<Inventory & { changed: string[] }> {
    const changed = [...this.dirty];
    this.dirty.clear();
    const replay = changed.flatMap(k => {
      const c = this.contents.get(k);
      if (!c) this.records.delete(k);
      return c ? [c] : [];
    });
    if (replay.length > 0) {
      const rebuilt = await readInventory(
        replayClient(this.rootFolder, replay),
        DEFAULT_INVENTORY_SPEC,
      );
      for (const list of LISTS) {
        for (const record of rebuilt[list]) {
          this.records.set(moRefKey(record.moref), { list, record });
        }
      }
      if (replay.some(c => moRefKey(c.obj) === moRefKey(this.rootFolder))) {
        this.alarms = rebuilt.triggeredAlarms;
      }
    }
    const out = Object.fromEntries(LISTS.map(l => [l, [] as unknown[]])) as {
      [K in InventoryList]: Array<Inventory[K][number]>;
    };
    for (const { list, record } of this.records.values()) {
      (out[list] as unknown[]).push(record);
    }
    return {
      ...out,
      changed,
      triggeredAlarms: this.alarms,
      missing: [],
      stats: {
        soapCalls: 0,
        pages: 0,
        bytes: 0,
        objects: this.contents.size,
        durationMs: 0,
        restarts: 0,
      },
    } as Inventory & { changed: string[] };
  }
}

/**
 * A stand-in client for {@link readInventory} that answers its one RetrievePropertiesEx with
 * objects already in memory: the record builders run, nothing is sent anywhere.
 */
function replayClient(rootFolder: MoRef, contents: ObjectContent[]): VimClient {
  const fake = {
    serviceContent: { rootFolder },
    stats: { soapCalls: 0, bytes: 0, bytesSent: 0, faults: 0, logins: 0 },
    sessionGeneration: 0,
    createContainerView: async () => ({
      type: 'ContainerView',
      value: 'replay',
    }),
    destroyView: async () => {},
    retrievePropertiesEx: async (
      _specs: unknown,
      _options: unknown,
      handlers: { onObject: (c: ObjectContent) => void },
    ) => {
      for (const c of contents) {
        handlers.onObject({
          obj: c.obj,
          props: { ...c.props },
          types: { ...c.types },
          missing: [],
        });
      }
      return { objects: contents.length };
    },
    continueRetrievePropertiesEx: async () => ({ objects: 0 }),
    cancelRetrievePropertiesEx: async () => {},
    // alarm names are not rendered; an empty answer leaves them unset
    retrieveAll: async () => [],
  };
  return fake as unknown as VimClient;
}

/**
 * The objects whose entities a change of `changed` objects can alter: the objects themselves,
 * the hosts of a changed compute resource (their cluster), the VMs of a changed host (their
 * cluster comes through it). Everything else renders the same.
 */
export function affectedObjects(
  inventory: Inventory,
  changed: Iterable<string>,
): Array<{ type: string; value: string }> {
  const out = new Map<string, MoRef>();
  const add = (ref: MoRef) => out.set(moRefKey(ref), ref);
  const changedSet = new Set(changed);
  for (const key of changedSet) {
    const colon = key.indexOf(':');
    add({ type: key.slice(0, colon), value: key.slice(colon + 1) });
  }
  const hosts = new Set<string>();
  for (const h of inventory.hosts) {
    if (
      changedSet.has(moRefKey(h.moref)) ||
      (h.parent && changedSet.has(moRefKey(h.parent)))
    ) {
      hosts.add(moRefKey(h.moref));
      add(h.moref);
    }
  }
  for (const vm of inventory.vms) {
    if (vm.host && hosts.has(moRefKey(vm.host))) add(vm.moref);
  }
  return [...out.values()];
}
