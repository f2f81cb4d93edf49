import { createHash } from 'crypto';
import { Entity } from '@backstage/catalog-model';
import type { VsphereInventory } from '../vsphere/transform/model';
import type { VsphereNetboxLinkConfig } from './config';
import { LinkReport, linkVsphereEntities, summarizeLinkReport } from './link';
import type { LinkWants, NetboxLinkData } from './netbox';

/** What the vSphere transform calls after rendering: links the entities in place. */
export interface EntityLinker {
  link(entities: Entity[], inventory: VsphereInventory): void;
}

/** One vCenter's view of the index. */
export class VsphereLinker implements EntityLinker {
  /** The report of the last `link` call (undefined until NetBox published). */
  lastReport?: LinkReport;
  /**
   * The inventory last rendered, by a full read or the live loop: what a NetBox change is
   * re-linked against without asking vCenter again.
   */
  lastInventory?: VsphereInventory;

  constructor(
    readonly config: VsphereNetboxLinkConfig,
    private readonly index: LinkIndex,
  ) {}

  /** The NetBox data linked against now, undefined until that instance's first read. */
  current(): NetboxLinkData | undefined {
    return this.index.get(this.config.instance);
  }

  link(entities: Entity[], inventory: VsphereInventory): void {
    const data = this.current();
    this.lastInventory = inventory;
    this.lastReport = data
      ? linkVsphereEntities(entities, inventory, this.config, data)
      : undefined;
  }

  /** One line of what did not match, for the run record; undefined when all did. */
  summary(): string | undefined {
    return this.lastReport && summarizeLinkReport(this.lastReport);
  }

  /** Called when this vCenter's NetBox instance publishes different data. */
  onChange(listener: () => void): () => void {
    return this.index.subscribe(this.config.instance, listener);
  }
}

/**
 * Shared by the providers of one module: NetBox providers publish their indexes after each
 * successful read, vSphere providers link against the latest and re-apply when it changes.
 * Everything is in memory; nothing here calls NetBox or vCenter.
 */
export class LinkIndex {
  private readonly data = new Map<string, NetboxLinkData>();
  private readonly fingerprints = new Map<string, string>();
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly configs: VsphereNetboxLinkConfig[]) {}

  /** What the vCenters linked to this NetBox need from it; undefined when none is. */
  wants(netboxId: string): LinkWants | undefined {
    const linked = this.configs.filter(c => c.instance === netboxId);
    if (!linked.length) return undefined;
    return {
      devices: linked.some(c => c.devices),
      vms: linked.some(c => c.vms),
    };
  }

  /** The linker of a vCenter, undefined when it has no `netbox` block. */
  forVcenter(vcenterId: string): VsphereLinker | undefined {
    const config = this.configs.find(c => c.vcenterId === vcenterId);
    return config && new VsphereLinker(config, this);
  }

  get(netboxId: string): NetboxLinkData | undefined {
    return this.data.get(netboxId);
  }

  /**
   * Replaces an instance's data; listeners run only when it differs from what was published
   * before (an unchanged NetBox re-applies nothing).
   */
  publish(data: NetboxLinkData): boolean {
    const fingerprint = fingerprintOf(data);
    if (this.fingerprints.get(data.instanceId) === fingerprint) return false;
    this.data.set(data.instanceId, data);
    this.fingerprints.set(data.instanceId, fingerprint);
    for (const listener of this.listeners.get(data.instanceId) ?? [])
      listener();
    return true;
  }

  subscribe(netboxId: string, listener: () => void): () => void {
    const set = this.listeners.get(netboxId) ?? new Set();
    set.add(listener);
    this.listeners.set(netboxId, set);
    return () => set.delete(listener);
  }
}

/**
 * A digest of what linking reads. Order follows NetBox's lists; a mere reordering at worst costs
 * a re-render that finds nothing to apply.
 */
function fingerprintOf(data: NetboxLinkData): string {
  const hash = createHash('sha1');
  for (const map of [
    data.vlansByVid,
    data.devicesBySerial,
    data.vmsByName,
    data.vmsByIp,
  ]) {
    hash.update(map ? JSON.stringify([...map]) : '-');
    hash.update('|');
  }
  return hash.digest('hex');
}
