import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { TypeCounts } from '@infra-inventory/plugin-infra-common';
import {
  NetboxClient,
  NetboxClientOptions,
} from '@infra-inventory/plugin-infra-node';
import type { LinkIndex } from '../links/LinkIndex';
import { buildNetboxLinkData, LinkLists, readLinkLists } from '../links/netbox';
import { diffEntities, EntityDiff, removalGuard } from '../sync/diff';
import { SyncSources } from '../sync/SyncSources';
import { EntityHashes, SyncStore } from '../sync/SyncStore';
import { NetboxProviderConfig } from './config';
import {
  applyChanges,
  NetboxInventory,
  readNetboxChanges,
  readNetboxInventory,
  ReadShape,
  ReadStats,
  TABLE_NAMES,
  TableName,
  TABLES,
} from './inventory';
import { buildNetboxEntities } from './transform';

/** The scheduler task id of a NetBox instance's full read. */
export const netboxTaskId = (id: string) => `infra-netbox:${id}:full`;
/** The scheduler task id of a NetBox instance's incremental read. */
export const netboxIncrementalTaskId = (id: string) =>
  `infra-netbox:${id}:incremental`;

/**
 * Changes are asked for from this long before the previous read started, so clock skew between
 * NetBox and the backend and transactions committed late are not missed (re-read objects that did
 * not change hash equal and are not applied).
 */
const SINCE_MARGIN_MS = 60_000;

/** Per type: how many entities the source has, none changed. */
function unchangedCounts(hashes: EntityHashes): Record<string, TypeCounts> {
  const counts: Record<string, TypeCounts> = {};
  for (const [type] of Object.values(hashes)) {
    counts[type] ??= { total: 0, added: 0, updated: 0, removed: 0 };
    counts[type].total++;
  }
  return counts;
}

/**
 * What this instance's configuration adds to the fixed lists: the prefix custom fields when DHCP is
 * stored in one (more bytes per page, no more calls), and the id lists of the kinds emitted, so
 * incremental runs see deleted sites, site groups and tenants too.
 */
export function readShapeOf(config: NetboxProviderConfig): ReadShape {
  const off = new Set<TableName>();
  if (!config.entities.sites) off.add('sites');
  if (!config.entities.siteGroups) off.add('siteGroups');
  if (!config.entities.tenants) off.add('tenants');
  const idTables = new Set(
    TABLE_NAMES.filter(name => TABLES[name].entities && !off.has(name)),
  );
  return {
    idTables,
    extraFields:
      config.dhcp.kind === 'customField'
        ? { prefixes: ['custom_fields'] }
        : undefined,
  };
}

/** The last read this process made: incremental runs start from it. */
interface Baseline {
  inventory: NetboxInventory;
  /** When the read that produced it started (backend clock). */
  readStartedAt: number;
  tenantId?: number;
  /** NetBox links: devices and VMs read on full reads, kept across incremental ones. */
  linkLists?: LinkLists;
}

export interface NetboxEntityProviderDeps {
  logger: LoggerService;
  /** Runs the full read. */
  taskRunner: SchedulerServiceTaskRunner;
  /** Runs the incremental read; without it there is none. */
  incrementalTaskRunner?: SchedulerServiceTaskRunner;
  store: SyncStore;
  sources: SyncSources;
  /** Extra client settings (retries, fetch), for tests and benchmarks. */
  clientOptions?: Partial<NetboxClientOptions>;
  /** NetBox links: the module's shared index, published to after each applied read. */
  links?: LinkIndex;
}

type Mode = 'full' | 'delta';

/**
 * Reads one NetBox instance's VLANs, VLAN groups, prefixes, VRFs, sites, site groups and tenants
 * (with roles to join them) and applies them to the catalog: a `full` mutation after a full
 * read, a `delta` mutation after an incremental one, and only after a complete read that passes the
 * removal guard.
 */
export class NetboxEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private client?: NetboxClient;
  private baseline?: Baseline;
  private readonly logger: LoggerService;
  /** Full and incremental runs never overlap in this process. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: NetboxProviderConfig,
    private readonly deps: NetboxEntityProviderDeps,
  ) {
    this.logger = deps.logger.child({ netbox: config.id });
  }

  getProviderName(): string {
    return `infra-netbox:${this.config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: netboxTaskId(this.config.id),
      fn: signal => this.refresh(signal),
    });
    await this.deps.incrementalTaskRunner?.run({
      id: netboxIncrementalTaskId(this.config.id),
      fn: signal => this.refreshIncremental(signal),
    });
  }

  /** One full read and apply. Never throws: the outcome is recorded and logged. */
  refresh(signal?: AbortSignal): Promise<void> {
    return this.serialized(() => this.run('full', signal));
  }

  /**
   * One incremental read and apply: what changed since the last read this process made, and the id
   * lists to see deletions. Without such a read (first run, after a restart) it is a full read.
   * Never throws.
   */
  refreshIncremental(signal?: AbortSignal): Promise<void> {
    return this.serialized(() =>
      this.run(this.baseline ? 'delta' : 'full', signal),
    );
  }

  private serialized(fn: () => Promise<void>): Promise<void> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private getClient(): NetboxClient {
    this.client ??= new NetboxClient({
      baseUrl: this.config.url,
      token: this.config.token,
      logger: this.logger,
      concurrency: { reads: this.config.concurrency },
      pageSize: this.config.pageSize,
      timeoutMs: this.config.requestTimeoutMs,
      ...this.deps.clientOptions,
    });
    return this.client;
  }

  private async read(
    mode: Mode,
    signal?: AbortSignal,
  ): Promise<{ baseline: Baseline; stats: ReadStats; touched?: number }> {
    const client = this.getClient();
    const readStartedAt = Date.now();
    if (mode === 'delta' && this.baseline) {
      const previous = this.baseline;
      const { changes, stats } = await readNetboxChanges(client, {
        since: new Date(previous.readStartedAt - SINCE_MARGIN_MS),
        tenantId: previous.tenantId,
        signal,
        shape: readShapeOf(this.config),
      });
      const { inventory, touched } = applyChanges(previous.inventory, changes);
      return {
        baseline: {
          inventory,
          readStartedAt,
          tenantId: previous.tenantId,
          linkLists: previous.linkLists,
        },
        stats,
        touched,
      };
    }
    // --- NetBox links: the devices/VMs lists linked vCenters need, in parallel, one list each
    const wants = this.deps.links?.wants(this.config.id);
    const [{ inventory, stats }, linkRead] = await Promise.all([
      readNetboxInventory(client, {
        tenant: this.config.tenant,
        signal,
        shape: readShapeOf(this.config),
      }),
      wants && (wants.devices || wants.vms)
        ? // optional: a token without rights on devices/VMs must not stop the VLAN sync
          readLinkLists(client, wants, signal).catch(error => {
            this.logger.warn(
              `NetBox ${
                this.config.id
              }: devices/VMs for vSphere links not read, keeping the last ones: ${stringifyError(
                error,
              )}`,
            );
            return undefined;
          })
        : undefined,
    ]);
    if (linkRead) {
      stats.calls += linkRead.calls;
      stats.pages += linkRead.pages;
    }
    // --- end NetBox links
    let tenantId: number | undefined;
    if (typeof this.config.tenant === 'number') tenantId = this.config.tenant;
    else if (this.config.tenant !== undefined) {
      tenantId = [...inventory.tenants.values()].find(
        t => t.slug === this.config.tenant,
      )?.id;
    }
    return {
      baseline: {
        inventory,
        readStartedAt,
        tenantId,
        linkLists: linkRead?.lists ?? this.baseline?.linkLists,
      },
      stats,
    };
  }

  private async run(mode: Mode, signal?: AbortSignal): Promise<void> {
    if (!this.connection)
      throw new Error(`${this.getProviderName()} is not connected`);
    const { store, sources } = this.deps;
    const id = this.config.id;
    const started = Date.now();
    const runId = await store.start({
      sourceKind: 'netbox',
      sourceId: id,
      mode,
    });
    sources.update('netbox', id, { mode: mode === 'full' ? 'full' : 'live' });
    let calls = 0;
    let pages = 0;

    try {
      await store.progress(runId, 'inventory', { done: 0 });
      const { baseline, stats, touched } = await this.read(mode, signal);
      ({ calls, pages } = stats);
      const fetchMs = Date.now() - started;

      // the usual incremental run: nothing changed, nothing to render, hash or apply
      const previous = await store.getHashes('netbox', id);
      if (mode === 'delta' && touched === 0 && previous) {
        this.baseline = baseline;
        await store.finish(runId, {
          status: 'succeeded',
          fetchMs,
          processMs: 0,
          calls,
          pages,
          counts: unchangedCounts(previous),
        });
        sources.update('netbox', id, { mode: 'idle', lastError: undefined });
        this.logger.info(
          `NetBox delta sync of ${id}: no changes in ${fetchMs} ms, ${calls} calls, ${pages} pages`,
          { mode, fetchMs, calls, pages },
        );
        return;
      }

      const processStarted = Date.now();
      const entities = buildNetboxEntities(baseline.inventory, {
        instanceId: id,
        url: this.config.url,
        owner: this.config.owner,
        system: this.config.system,
        tenantId: baseline.tenantId,
        entities: this.config.entities,
        dhcp: this.config.dhcp,
      });
      const diff = diffEntities(previous, entities);
      const unsafe = removalGuard(previous, diff, this.config.maxRemovalShare);
      if (unsafe) {
        await store.finish(runId, {
          status: 'skipped',
          fetchMs,
          processMs: Date.now() - processStarted,
          calls,
          pages,
          counts: diff.counts,
          error: unsafe,
        });
        sources.update('netbox', id, { mode: 'idle', lastError: unsafe });
        this.logger.warn(`NetBox ${mode} sync of ${id} skipped: ${unsafe}`);
        return;
      }

      await store.progress(runId, 'apply', {
        done: 0,
        total: mode === 'full' ? entities.length : diff.changed.length,
      });
      signal?.throwIfAborted();
      await this.apply(mode, entities, diff, previous);
      await store.setHashes('netbox', id, diff.hashes);
      this.baseline = baseline;
      this.publishLinks(baseline);
      const processMs = Date.now() - processStarted;
      await store.finish(runId, {
        status: 'succeeded',
        fetchMs,
        processMs,
        calls,
        pages,
        counts: diff.counts,
      });
      sources.update('netbox', id, {
        mode: 'idle',
        lastError: undefined,
        ...(mode === 'delta'
          ? {
              lastUpdateAt: Date.now(),
              updatesApplied:
                (sources.get('netbox', id)?.state.updatesApplied ?? 0) +
                diff.changed.length +
                diff.removed.length,
            }
          : {}),
      });

      const totals = Object.values(diff.counts).reduce(
        (t, c) => ({
          added: t.added + c.added,
          updated: t.updated + c.updated,
          removed: t.removed + c.removed,
        }),
        { added: 0, updated: 0, removed: 0 },
      );
      this.logger.info(
        `NetBox ${mode} sync of ${id}: ${entities.length} entities (+${
          totals.added
        } ~${totals.updated} -${totals.removed}) in ${
          Date.now() - started
        } ms (fetch ${fetchMs} ms, process ${processMs} ms), ${calls} calls, ${pages} pages`,
        {
          mode,
          fetchMs,
          processMs,
          calls,
          pages,
          entities: entities.length,
          ...totals,
        },
      );
    } catch (error) {
      const message = stringifyError(error);
      await store
        .finish(runId, { status: 'failed', calls, pages, error: message })
        .catch(() => undefined);
      sources.update('netbox', id, { mode: 'idle', lastError: message });
      this.logger.error(
        `NetBox ${mode} sync of ${id} failed, nothing applied: ${message}`,
      );
    }
  }

  // --- NetBox links
  /** Publishes the VLAN/device/VM indexes of an applied read; linked vCenters re-link on change. */
  private publishLinks(baseline: Baseline) {
    if (!this.deps.links) return;
    try {
      this.deps.links.publish(
        buildNetboxLinkData(baseline.inventory, baseline.linkLists ?? {}, {
          instanceId: this.config.id,
          url: this.config.url,
        }),
      );
    } catch (error) {
      this.logger.error(
        `NetBox ${
          this.config.id
        }: publishing the link index failed: ${stringifyError(error)}`,
      );
    }
  }
  // --- end NetBox links

  private async apply(
    mode: Mode,
    entities: Entity[],
    diff: EntityDiff,
    previous: EntityHashes | undefined,
  ): Promise<void> {
    const locationKey = this.getProviderName();
    // a delta can only be trusted on top of what this source applied; without it, apply everything
    if (mode === 'full' || !previous) {
      await this.connection!.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({ entity, locationKey })),
      });
      return;
    }
    if (diff.changed.length === 0 && diff.removed.length === 0) return;
    await this.connection!.applyMutation({
      type: 'delta',
      added: diff.changed.map(entity => ({ entity, locationKey })),
      removed: diff.removed.map(name => ({
        entityRef: `resource:default/${name}`,
        locationKey,
      })),
    });
  }
}
