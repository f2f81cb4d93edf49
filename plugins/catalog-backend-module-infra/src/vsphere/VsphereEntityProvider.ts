import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { readInventory, VimClient } from '@infra-inventory/plugin-infra-node';
import { diffEntities, removalGuard } from '../sync/diff';
import { SyncSources } from '../sync/SyncSources';
import { SyncStore } from '../sync/SyncStore';
import { VsphereProviderConfig } from './config';
import { resolveInventory } from './inventory/resolve';
import { buildVsphereEntities } from './transform';

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

  constructor(
    private readonly config: VsphereProviderConfig,
    private readonly deps: {
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
      store: SyncStore;
      sources: SyncSources;
    },
  ) {
    this.logger = deps.logger.child({ vcenter: config.id });
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
  }

  /** Logs out of the vCenter; sessions left behind count against its cap for hours. */
  async close(): Promise<void> {
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
      const fetchMs = Date.now() - started;
      ({ soapCalls: calls, bytes, pages } = read.stats);

      const processStarted = Date.now();
      const inventory = resolveInventory(read, {
        vcenterId: this.config.id,
        url: this.config.url,
        instanceUuid: client.serviceContent.about.instanceUuid,
      });
      const entities = buildVsphereEntities(inventory, this.config);
      const previous = await store.getHashes('vsphere', this.config.id);
      const diff = diffEntities(previous, entities);
      const unsafe = removalGuard(previous, diff, this.config.maxRemovalShare);
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
          mode: 'idle',
          lastError: unsafe,
        });
        this.logger.warn(
          `vSphere sync of ${this.config.id} skipped: ${unsafe}`,
        );
        return;
      }

      await store.progress(runId, 'apply', { done: 0, total: entities.length });
      signal?.throwIfAborted();
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity,
          locationKey: this.getProviderName(),
        })),
      });
      await store.setHashes('vsphere', this.config.id, diff.hashes);
      const processMs = Date.now() - processStarted;
      await store.finish(runId, {
        status: 'succeeded',
        fetchMs,
        processMs,
        calls,
        pages,
        bytes,
        counts: diff.counts,
      });
      sources.update('vsphere', this.config.id, {
        mode: 'idle',
        lastError: undefined,
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
        `vSphere sync of ${this.config.id}: ${entities.length} entities (+${
          totals.added
        } ~${totals.updated} -${totals.removed}) in ${
          Date.now() - started
        } ms (fetch ${fetchMs} ms, process ${processMs} ms), ${calls} SOAP calls, ${pages} pages, ${bytes} bytes`,
        {
          fetchMs,
          processMs,
          soapCalls: calls,
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
        mode: 'idle',
        lastError: message,
      });
      this.logger.error(
        `vSphere sync of ${this.config.id} failed, nothing applied: ${message}`,
      );
      // a client that saw a transport or session failure is rebuilt on the next run
      await this.close().catch(() => undefined);
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
