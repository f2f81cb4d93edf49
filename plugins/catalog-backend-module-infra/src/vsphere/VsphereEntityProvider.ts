import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  Inventory,
  readInventory,
  readTags,
  VapiClient,
  VimClient,
} from '@infra-inventory/plugin-infra-node';
import type { LinkIndex, VsphereLinker } from '../links/LinkIndex';
import { diffEntities, removalGuard } from '../sync/diff';
import { SyncSources } from '../sync/SyncSources';
import { SyncStore } from '../sync/SyncStore';
import { VsphereProviderConfig } from './config';
import { resolveInventory } from './inventory/resolve';
import { buildVsphereEntities, VsphereInventory } from './transform';
import { VsphereLiveConfig } from './live/config';
import { LiveLeaseStore } from './live/LeaseStore';
import { VsphereLiveLoop } from './live/VsphereLiveLoop';
import type { VsphereAppliedHook } from './events';

/** The scheduler task id of a vCenter's full read. */
export const vsphereTaskId = (id: string) => `infra-vsphere:${id}:full`;

/**
 * Reads one vCenter's whole inventory with the PropertyCollector and applies it to the catalog as
 * a `full` mutation, but only after a complete read that passes the removal guard.
 */
export class VsphereEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private client?: VimClient;
  private readonly logger: LoggerService;
  private liveLoop?: VsphereLiveLoop;
  // --- NetBox links (src/links)
  private readonly linker?: VsphereLinker;
  /** The config, plus the linker when this vCenter has a `netbox` block; used for every render. */
  private readonly renderOptions: VsphereProviderConfig & {
    links?: VsphereLinker;
  };
  private relinking: Promise<void> = Promise.resolve();
  /** The tags of the last good tag read, kept when the vAPI fails and used by the live loop. */
  private lastTags?: VsphereInventory['tags'];
  /** Full reads, re-links and live batches apply one at a time (see {@link exclusive}). */
  private applying: Promise<unknown> = Promise.resolve();
  private readonly unsubscribeLinks?: () => void;
  // --- end NetBox links

  constructor(
    private readonly config: VsphereProviderConfig,
    private readonly deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      store: SyncStore;
      sources: SyncSources;
      /**
       * The live update loop (WaitForUpdatesEx) after the first full read; off when absent or
       * `config.enabled` is false. With `leases`, one replica runs it per vCenter.
       */
      live?: {
        config: VsphereLiveConfig;
        leases?: LiveLeaseStore;
        holderId?: string;
      };
      /** NetBox links: the module's shared index; without it nothing is linked. */
      links?: LinkIndex;
      /** After every full sync and live batch applied (src/vsphere/events: cache invalidation). */
      onApplied?: VsphereAppliedHook;
    },
  ) {
    this.logger = deps.logger.child({ vcenter: config.id });
    // --- NetBox links: re-applied from the last inventory when the NetBox index changes
    this.linker = deps.links?.forVcenter(config.id);
    this.renderOptions = this.linker
      ? { ...config, links: this.linker }
      : config;
    this.unsubscribeLinks = this.linker?.onChange(() => {
      this.relinking = this.relinking.then(() => this.relink());
    });
    // --- end NetBox links
  }

  getProviderName(): string {
    return `infra-vsphere:${this.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: vsphereTaskId(this.config.id),
      fn: signal => this.refresh(signal),
    });
    this.startLive(connection);
  }

  /** The live loop, when one is configured (for status and tests). */
  get live(): VsphereLiveLoop | undefined {
    return this.liveLoop;
  }

  private startLive(connection: EntityProviderConnection) {
    const live = this.deps.live;
    if (!live?.config.enabled || this.liveLoop) return;
    this.liveLoop = new VsphereLiveLoop({
      // the live loop renders with the same options, so its deltas keep the NetBox links
      vcenter: this.renderOptions,
      live: live.config,
      leases: live.leases,
      holderId: live.holderId,
      connection,
      locationKey: this.getProviderName(),
      store: this.deps.store,
      sources: this.deps.sources,
      logger: this.logger,
      fullRead: signal => this.refresh(signal),
      exclusive: fn => this.exclusive(fn),
      tags: () => this.lastTags,
      onApplied: this.deps.onApplied,
      connect: () =>
        VimClient.connect({
          url: this.config.url,
          username: this.config.username,
          password: this.config.password,
          tls: this.config.tls,
          requestTimeoutMs: this.config.requestTimeoutMs,
          logger: this.logger,
        }),
    });
    this.liveLoop.start();
  }

  /**
   * Runs `fn` after every apply of this vCenter's entities started before it has finished. Each
   * apply reads the stored hashes, applies a mutation and writes the hashes back; interleaved, a
   * live delta could record hashes of a state a full read has just overwritten in the catalog.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.applying.then(fn);
    this.applying = run.catch(() => undefined);
    return run;
  }

  /** The mode after a full read: live again when the loop is following updates. */
  private get restingMode(): 'live' | 'idle' {
    return this.liveLoop?.isLive ? 'live' : 'idle';
  }

  /**
   * Stops the live loop (CancelWaitForUpdates, DestroyPropertyCollector, lease released) and logs
   * out of the vCenter; sessions left behind count against its cap for hours.
   */
  async close(): Promise<void> {
    this.unsubscribeLinks?.(); // NetBox links
    const loop = this.liveLoop;
    this.liveLoop = undefined;
    await loop?.stop();
    await this.closeClient();
  }

  private async closeClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  /** One full read and apply. Never throws: the outcome is recorded and logged. */
  async refresh(signal?: AbortSignal): Promise<void> {
    if (!this.connection)
      throw new Error(`${this.getProviderName()} is not connected`);
    const { store, sources } = this.deps;
    const started = Date.now();
    const runId = await store.start({
      sourceKind: 'vsphere',
      sourceId: this.config.id,
      mode: 'full',
    });
    sources.update('vsphere', this.config.id, { mode: 'full' });
    let calls = 0;
    let bytes = 0;
    let pages = 0;

    try {
      const client = await this.getClient();
      await store.progress(runId, 'inventory', { done: 0 });
      const read = await readInventory(client, undefined, {
        maxObjects: this.config.maxObjectsPerPage,
        signal,
        logger: this.logger,
        onPage: page => {
          // best effort: a slow status write must not stall the read
          store
            .progress(runId, 'inventory', { done: page.index + 1 })
            .catch(() => undefined);
        },
      });
      ({ soapCalls: calls, bytes, pages } = read.stats);
      const tagRead = await this.readTags(read, signal);
      const fetchMs = Date.now() - started;

      const processStarted = Date.now();
      const inventory = resolveInventory(read, {
        vcenterId: this.config.id,
        url: this.config.url,
        instanceUuid: client.serviceContent.about.instanceUuid,
        tags: tagRead.tags,
      });
      const entities = buildVsphereEntities(inventory, this.renderOptions);
      const linkSummary = this.linker?.summary();
      const connection = this.connection;
      const outcome = await this.exclusive(async () => {
        const previous = await store.getHashes('vsphere', this.config.id);
        const diff = diffEntities(previous, entities);
        const unsafe = removalGuard(
          previous,
          diff,
          this.config.maxRemovalShare,
        );
        if (unsafe) return { diff, unsafe };
        await store.progress(runId, 'apply', {
          done: 0,
          total: entities.length,
        });
        signal?.throwIfAborted();
        await connection.applyMutation({
          type: 'full',
          entities: entities.map(entity => ({
            entity,
            locationKey: this.getProviderName(),
          })),
        });
        await store.setHashes('vsphere', this.config.id, diff.hashes, {
          snapshotAt: started,
        });
        return { diff, unsafe: undefined };
      });
      const { diff, unsafe } = outcome;
      if (unsafe) {
        await store.finish(runId, {
          status: 'skipped',
          fetchMs,
          processMs: Date.now() - processStarted,
          calls,
          pages,
          bytes,
          counts: diff.counts,
          error: unsafe,
        });
        sources.update('vsphere', this.config.id, {
          mode: this.restingMode,
          lastError: unsafe,
        });
        this.logger.warn(
          `vSphere sync of ${this.config.id} skipped: ${unsafe}`,
        );
        return;
      }

      // the read may predate changes the live loop applied meanwhile, and put them back
      this.liveLoop?.reconcile();
      this.deps.onApplied?.({
        inventory: read,
        changedEntities: diff.changed.map(e => e.metadata.name),
        removedEntities: diff.removed,
      });
      const processMs = Date.now() - processStarted;
      await store.finish(runId, {
        status: 'succeeded',
        fetchMs,
        processMs,
        calls,
        pages,
        bytes,
        counts: diff.counts,
        // NetBox links: what did not match (unmatched hosts, ambiguous VLANs), as a warning
        error: linkSummary,
      });
      sources.update('vsphere', this.config.id, {
        mode: this.restingMode,
        lastError: undefined,
      });
      if (linkSummary) this.logger.warn(linkSummary);

      const totals = Object.values(diff.counts).reduce(
        (t, c) => ({
          added: t.added + c.added,
          updated: t.updated + c.updated,
          removed: t.removed + c.removed,
        }),
        { added: 0, updated: 0, removed: 0 },
      );
      this.logger.info(
        `vSphere sync of ${this.config.id}: ${entities.length} entities (+${
          totals.added
        } ~${totals.updated} -${totals.removed}) in ${
          Date.now() - started
        } ms (fetch ${fetchMs} ms, process ${processMs} ms), ${calls} SOAP calls, ${pages} pages, ${bytes} bytes, ${
          tagRead.calls
        } vAPI calls for tags`,
        {
          fetchMs,
          processMs,
          soapCalls: calls,
          tagCalls: tagRead.calls,
          pages,
          bytes,
          entities: entities.length,
          ...totals,
        },
      );
    } catch (error) {
      const message = stringifyError(error);
      await store
        .finish(runId, {
          status: 'failed',
          calls,
          pages,
          bytes,
          error: message,
        })
        .catch(() => undefined);
      sources.update('vsphere', this.config.id, {
        mode: this.restingMode,
        lastError: message,
      });
      this.logger.error(
        `vSphere sync of ${this.config.id} failed, nothing applied: ${message}`,
      );
      // a client that saw a transport or session failure is rebuilt on the next run
      await this.closeClient().catch(() => undefined);
    }
  }

  // --- NetBox links
  /**
   * Re-renders the last inventory (from the last full read or live batch) against the NetBox
   * index just published and applies what changed as a delta: no vCenter call. Never throws.
   */
  private async relink(): Promise<void> {
    const inventory = this.linker?.lastInventory;
    const connection = this.connection;
    if (!connection || !inventory) return;
    await this.exclusive(() => this.relinkNow(connection, inventory));
  }

  private async relinkNow(
    connection: EntityProviderConnection,
    inventory: NonNullable<VsphereLinker['lastInventory']>,
  ): Promise<void> {
    const { store } = this.deps;
    const id = this.config.id;
    try {
      const started = Date.now();
      const entities = buildVsphereEntities(inventory, this.renderOptions);
      const previous = await store.getHashes('vsphere', id);
      if (!previous) return;
      const diff = diffEntities(previous, entities);
      if (diff.changed.length === 0 && diff.removed.length === 0) return;
      const runId = await store.start({
        sourceKind: 'vsphere',
        sourceId: id,
        mode: 'delta',
      });
      const locationKey = this.getProviderName();
      await connection.applyMutation({
        type: 'delta',
        added: diff.changed.map(entity => ({ entity, locationKey })),
        removed: diff.removed.map(name => ({
          entityRef: `resource:default/${name}`,
          locationKey,
        })),
      });
      await store.setHashes('vsphere', id, diff.hashes);
      const summary = this.linker?.summary();
      await store.finish(runId, {
        status: 'succeeded',
        fetchMs: 0,
        processMs: Date.now() - started,
        calls: 0,
        pages: 0,
        counts: diff.counts,
        error: summary,
      });
      this.logger.info(
        `vSphere ${id} re-linked to NetBox ${this.linker!.config.instance}: ${
          diff.changed.length
        } entities changed, no vCenter call${summary ? `; ${summary}` : ''}`,
      );
    } catch (error) {
      this.logger.error(
        `vSphere ${id} re-link to NetBox failed: ${stringifyError(error)}`,
      );
    }
  }

  /** Waits for pending re-links (tests). */
  async linksSettled(): Promise<void> {
    await this.relinking;
  }
  // --- end NetBox links

  /**
   * The vSphere tags of the read's objects through the vAPI (the SOAP API has none). A failure is
   * logged and the last good tags are kept, so a vAPI hiccup neither fails the sync nor strips
   * every tagged entity's tags.
   */
  private async readTags(
    read: Inventory,
    signal?: AbortSignal,
  ): Promise<{ tags?: VsphereInventory['tags']; calls: number }> {
    const { tags: settings } = this.config;
    if (!settings.enabled) return { calls: 0 };
    const objects = [
      ...read.vms,
      ...read.hosts,
      ...read.computeResources,
      ...read.datastores,
      ...read.networks,
      ...read.distributedSwitches,
      ...read.datacenters,
    ].map(r => r.moref);
    let client: VapiClient | undefined;
    try {
      client = await VapiClient.login(
        {
          url: this.config.url,
          username: this.config.username,
          password: this.config.password,
          tls: this.config.tls,
          requestTimeoutMs: this.config.requestTimeoutMs,
        },
        signal,
      );
      const result = await readTags(client, objects, {
        categories: settings.categories,
        signal,
      });
      this.lastTags = result.byObject;
      return { tags: result.byObject, calls: client.calls + 1 };
    } catch (error) {
      signal?.throwIfAborted();
      this.logger.warn(
        `vSphere tags of ${this.config.id} could not be read, ${
          this.lastTags
            ? 'keeping those of the last read'
            : 'entities carry no tags until a read succeeds'
        }: ${stringifyError(
          error,
        )} (set tags.enabled: false to stop reading them)`,
      );
      return { tags: this.lastTags, calls: client?.calls ?? 1 };
    } finally {
      await client?.logout();
    }
  }

  private async getClient(): Promise<VimClient> {
    this.client ??= await VimClient.connect({
      url: this.config.url,
      username: this.config.username,
      password: this.config.password,
      tls: this.config.tls,
      requestTimeoutMs: this.config.requestTimeoutMs,
      logger: this.logger,
    });
    return this.client;
  }
}
