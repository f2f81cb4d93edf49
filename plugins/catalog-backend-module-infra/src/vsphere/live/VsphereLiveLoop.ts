import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_INVENTORY_SPEC,
  inventoryFilterSpecs,
  InvalidCollectorVersionFault,
  MoRef,
  ObjectUpdate,
  VimClient,
} from '@infra-inventory/plugin-infra-node';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { diffEntities, EntityDiff, removalGuard } from '../../sync/diff';
import { SyncSources } from '../../sync/SyncSources';
import { EntityHashes, SyncStore } from '../../sync/SyncStore';
import { VsphereProviderConfig } from '../config';
import { resolveInventory } from '../inventory/resolve';
import { buildVsphereEntities, VsphereInventory } from '../transform';
import { vsphereEntityName } from '../transform/entityName';
import { VsphereLiveConfig } from './config';
import { LiveLeaseStore } from './LeaseStore';
import { affectedObjects, LiveModel } from './LiveModel';
import type { VsphereAppliedHook } from '../events';

/** The part of {@link VimClient} the loop uses; tests pass doubles. */
export type LiveVim = Pick<
  VimClient,
  | 'serviceContent'
  | 'createContainerView'
  | 'destroyView'
  | 'createPropertyCollector'
  | 'createFilter'
  | 'waitForUpdatesEx'
  | 'cancelWaitForUpdates'
  | 'destroyPropertyCollector'
  | 'close'
>;

export interface VsphereLiveLoopOptions {
  vcenter: Pick<
    VsphereProviderConfig,
    'id' | 'url' | 'owner' | 'system' | 'entities' | 'maxRemovalShare'
  >;
  live: VsphereLiveConfig;
  /** A new logged-in client; the loop closes it when its session ends. */
  connect: () => Promise<LiveVim>;
  connection: EntityProviderConnection;
  /** The provider's full read and `full` mutation: the fallback after a failure. */
  fullRead: (signal: AbortSignal) => Promise<void>;
  store: Pick<
    SyncStore,
    'getHashes' | 'getVersionedHashes' | 'getHashesVersion' | 'setHashes'
  >;
  /**
   * Runs `fn` while nothing else applies this vCenter's entities (the provider's full reads and
   * re-links): a delta computed from hashes that a full read rewrites underneath it could leave
   * the catalog on the older state. Without it, batches run unguarded (tests of the loop alone).
   */
  exclusive?: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * The vSphere tags of the last full read: the update stream has none, and rendering without
   * them would strip every tagged entity's tags.
   */
  tags?: () => VsphereInventory['tags'];
  sources: SyncSources;
  /** Without leases the loop always runs (one replica). */
  leases?: LiveLeaseStore;
  /** This replica's id in the lease table. */
  holderId?: string;
  logger: LoggerService;
  locationKey: string;
  /** For tests: jitter source. */
  random?: () => number;
  /** After each batch is applied (src/vsphere/events: cache invalidation); must not throw. */
  onApplied?: VsphereAppliedHook;
}

/**
 * How often an idle loop checks whether someone else (a full read on another replica) rewrote the
 * applied hashes: one small query, so a change the full read put back is corrected within this.
 */
const FOREIGN_WRITE_CHECK_MS = 30_000;

/** A stop or a lost lease ended the session; not a failure. */
class SessionEnded extends Error {}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>(resolve => {
    if (signal.aborted) {
      resolve();
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/** A unique id for this process's loops in the lease table. */
export function defaultHolderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * The live update loop of one vCenter: a private PropertyCollector with a filter over the whole
 * inventory (the full read's spec), WaitForUpdatesEx carrying the version, updates merged into
 * an in-memory model and, batched over a short window, only the entities whose rendered form
 * changed applied as catalog `delta` mutations. Any failure (InvalidCollectorVersion, a lost
 * session, a restarted or unreachable vCenter) backs off exponentially with jitter, runs a full
 * read and starts over with a new collector. One replica runs it per vCenter, by lease.
 */
export class VsphereLiveLoop {
  private readonly logger: LoggerService;
  private readonly holder: string;
  private readonly stopping = new AbortController();
  private running?: Promise<void>;
  private session?: {
    client: LiveVim;
    collector?: MoRef;
    abort: AbortController;
  };
  private renewTimer?: NodeJS.Timeout;
  private leaseHeld = false;
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private pendingUpdates = 0;
  private live = false;
  /** The session's model, for a comparison of everything outside the update stream. */
  private current?: { model: LiveModel; instanceUuid?: string };
  /**
   * The id of the hash write the loop's view of the catalog agrees with: its own last write, or
   * one it compared its whole model with. Any other stored id means entities were applied behind
   * its back (a full read, a re-link, another replica).
   */
  private reconciledVersion?: string;
  /**
   * The applied hashes as of the write `version`, as this loop last read or wrote them: a batch
   * then checks the version (a short query) instead of reading and parsing a 10,000-entry map.
   */
  private known?: {
    version: string;
    hashes: EntityHashes;
    snapshotAt?: number;
  };
  /** A flush is due even without updates: the hashes were written elsewhere. */
  private flushDue = false;
  private lastForeignWriteCheck = 0;
  /** Object updates applied to the catalog since start. */
  updatesApplied = 0;
  /** Consecutive failed sessions; drives the backoff. */
  failures = 0;
  /** Sessions started (collectors created). */
  sessions = 0;
  /** Sessions that ended in a failure since start (not reset when live again). */
  sessionFailures = 0;
  /** Full reads run as the fallback after a failure (each followed by a new filter). */
  fullReadFallbacks = 0;
  /** Batches that re-checked what a write elsewhere (a full read, a re-link) may have put back. */
  reconciliations = 0;
  /** Delta mutations applied to the catalog connection, and the entities they carried. */
  deltaMutations = 0;
  entitiesChanged = 0;
  entitiesRemoved = 0;
  /** Batches whose delta could not be applied (retried by the next batch or full read). */
  deltaFailures = 0;

  constructor(private readonly options: VsphereLiveLoopOptions) {
    this.logger = options.logger.child({ live: options.vcenter.id });
    this.holder = options.holderId ?? defaultHolderId();
  }

  private get leaseId() {
    return `vsphere:${this.options.vcenter.id}`;
  }

  /**
   * Re-checks, soon, what a full read may have put back. Its snapshot can be older than updates
   * this loop already applied (it read before they happened, or applied after them), and its
   * `full` mutation then restores the older state, which no later update would correct. The next
   * batch sees the hashes written by someone else and re-renders every object updated since that
   * read started. The provider calls this after each full read; writes by other replicas are
   * found by a periodic check of the hashes' version.
   */
  reconcile(): void {
    this.flushDue = true;
    const current = this.current;
    if (current && this.live) {
      this.scheduleFlush(current.model, current.instanceUuid);
    }
  }

  /** True while a filter is delivering updates. */
  get isLive(): boolean {
    return this.live;
  }

  /** True while this loop holds the vCenter's lease (always, without leases). */
  get holdsLease(): boolean {
    return !this.options.leases || this.leaseHeld;
  }

  start(): void {
    this.running ??= this.run().catch(err =>
      this.logger.error(`live loop ended: ${stringifyError(err)}`),
    );
  }

  /**
   * Stops the loop: cancels the pending wait (CancelWaitForUpdates), destroys the collector,
   * logs out and, unless `release` is false (a simulated crash), gives the lease up.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (!this.stopping.signal.aborted) this.stopping.abort();
    clearInterval(this.renewTimer);
    clearTimeout(this.flushTimer);
    await this.endSession();
    await this.running;
    await this.flushing;
    if (options.release !== false && this.options.leases && this.leaseHeld) {
      await this.options.leases
        .release(this.leaseId, this.holder)
        .catch(e => this.logger.warn(`lease release failed: ${e}`));
    }
    this.leaseHeld = false;
    this.live = false;
  }

  private setMode(
    mode: 'live' | 'backing-off' | 'idle',
    lastError?: string | null,
  ) {
    this.options.sources.update('vsphere', this.options.vcenter.id, {
      mode,
      ...(lastError === undefined ? {} : { lastError: lastError ?? undefined }),
    });
  }

  private backoffMs(): number {
    const { initialBackoffMs, maxBackoffMs } = this.options.live;
    const base = Math.min(
      maxBackoffMs,
      initialBackoffMs * 2 ** Math.max(0, this.failures - 1),
    );
    const random = this.options.random ?? Math.random;
    // "equal jitter": never below half the step, so a dead vCenter is never hammered
    return Math.round(base / 2 + (random() * base) / 2);
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    let needFullRead = false;
    while (!signal.aborted) {
      if (!(await this.ensureLease())) {
        await sleep(this.options.live.leaseRenewMs, signal);
        continue;
      }
      try {
        if (needFullRead) {
          this.fullReadFallbacks++;
          await this.options.fullRead(signal);
          needFullRead = false;
          if (signal.aborted || !this.holdsLease) continue;
        } else if (
          !(await this.options.store.getHashes(
            'vsphere',
            this.options.vcenter.id,
          ))
        ) {
          // the loop starts after the first full read has applied something
          await sleep(Math.min(2000, this.options.live.leaseRenewMs), signal);
          continue;
        }
        await this.runSession();
      } catch (err) {
        this.live = false;
        if (signal.aborted || err instanceof SessionEnded) continue;
        this.failures++;
        this.sessionFailures++;
        const message = stringifyError(err);
        const delay = this.backoffMs();
        if (err instanceof InvalidCollectorVersionFault) {
          this.logger.info(
            `the collector version is no longer valid; full read and a new filter in ${delay} ms`,
          );
        } else {
          this.logger.warn(
            `live updates of ${this.options.vcenter.id} failed (${this.failures} in a row): ${message}; full read and a new filter in ${delay} ms`,
          );
        }
        this.setMode('backing-off', message);
        needFullRead = true;
        await sleep(delay, signal);
      }
    }
  }

  /** Takes the lease if free; starts renewing it. False when another replica holds it. */
  private async ensureLease(): Promise<boolean> {
    const { leases, live } = this.options;
    if (!leases) return true;
    if (this.leaseHeld) return true;
    try {
      this.leaseHeld = await leases.acquire(
        this.leaseId,
        this.holder,
        live.leaseTtlMs,
      );
    } catch (err) {
      this.logger.warn(`could not take the live lease: ${err}`);
      this.leaseHeld = false;
    }
    if (!this.leaseHeld) return false;
    this.logger.info(`took the live lease of ${this.options.vcenter.id}`);
    clearInterval(this.renewTimer);
    let lastRenewed = Date.now();
    this.renewTimer = setInterval(() => {
      leases
        .acquire(this.leaseId, this.holder, live.leaseTtlMs)
        .then(held => {
          if (held) lastRenewed = Date.now();
          return held;
        })
        .catch(err => {
          this.logger.warn(`could not renew the live lease: ${err}`);
          // a database hiccup is not a lost lease, until the lease has run out
          return Date.now() - lastRenewed < live.leaseTtlMs - live.leaseRenewMs;
        })
        .then(held => {
          if (held || this.stopping.signal.aborted) return;
          this.logger.warn(
            `lost the live lease of ${this.options.vcenter.id}; stopping live updates here`,
          );
          this.leaseHeld = false;
          clearInterval(this.renewTimer);
          this.setMode('idle');
          this.endSession().catch(() => undefined);
        });
    }, live.leaseRenewMs);
    this.renewTimer.unref?.();
    return true;
  }

  /** Cancels the pending wait, then aborts whatever is still in flight. */
  private async endSession(): Promise<void> {
    const session = this.session;
    if (!session) return;
    if (session.collector) {
      await session.client
        .cancelWaitForUpdates(session.collector, { timeoutMs: 5000 })
        .catch(e => this.logger.debug(`CancelWaitForUpdates failed: ${e}`));
    }
    session.abort.abort(new SessionEnded('live session ended'));
  }

  /** One collector: initial state, then updates until a failure or an end. */
  private async runSession(): Promise<void> {
    const { live, vcenter } = this.options;
    const abort = new AbortController();
    const signal = AbortSignal.any([abort.signal, this.stopping.signal]);
    const client = await this.options.connect();
    this.session = { client, abort };
    let view: MoRef | undefined;
    try {
      if (signal.aborted) throw new SessionEnded('stopped');
      const { rootFolder } = client.serviceContent;
      const collector = await client.createPropertyCollector({ signal });
      this.session.collector = collector;
      this.sessions++;
      view = await client.createContainerView(
        rootFolder,
        DEFAULT_INVENTORY_SPEC.viewTypes,
        true,
        { signal },
      );
      for (const spec of inventoryFilterSpecs(
        view,
        rootFolder,
        DEFAULT_INVENTORY_SPEC,
      )) {
        await client.createFilter(collector, spec, false, { signal });
      }
      const model = new LiveModel(rootFolder);
      const instanceUuid = client.serviceContent.about.instanceUuid;
      this.current = { model, instanceUuid };
      let version: string | undefined;
      let initial = true;
      const onUpdate = (update: ObjectUpdate) => {
        model.apply(update);
        if (!initial) this.pendingUpdates++;
      };
      for (;;) {
        if (signal.aborted) throw new SessionEnded('stopped');
        const result = await client.waitForUpdatesEx(
          collector,
          version,
          {
            maxWaitSeconds: live.maxWaitSeconds,
            maxObjectUpdates: live.maxObjectUpdates,
          },
          { signal, onUpdate },
        );
        if (result) {
          version = result.version;
          if (result.truncated) continue;
        }
        if (model.unsupported) {
          throw new Error(
            `an update the live model cannot merge: ${model.unsupported}`,
          );
        }
        if (initial) {
          initial = false;
          // what changed between the full read and the filter's initial state
          await this.flush(model, instanceUuid, true);
          this.failures = 0;
          this.live = true;
          this.setMode('live', null);
          this.logger.info(
            `live updates of ${vcenter.id} running: ${model.size} objects followed`,
          );
        } else if (model.hasChanges || this.flushDue) {
          this.scheduleFlush(model, instanceUuid);
        } else if (
          Date.now() - this.lastForeignWriteCheck >=
          FOREIGN_WRITE_CHECK_MS
        ) {
          this.lastForeignWriteCheck = Date.now();
          this.checkForeignWrites();
        }
      }
    } catch (err) {
      if (abort.signal.aborted || this.stopping.signal.aborted) {
        throw new SessionEnded('live session ended');
      }
      throw err;
    } finally {
      this.live = false;
      // sessions run one after another: whatever model is current is this one's
      this.current = undefined;
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
      this.pendingUpdates = 0;
      const collector =
        this.session?.client === client ? this.session.collector : undefined;
      if (this.session?.client === client) this.session = undefined;
      const cleanup = { timeoutMs: 5000 };
      await Promise.allSettled([
        collector
          ? client.destroyPropertyCollector(collector, cleanup)
          : undefined,
        view ? client.destroyView(view, cleanup) : undefined,
      ]);
      await client.close().catch(() => undefined);
    }
  }

  private scheduleFlush(model: LiveModel, instanceUuid?: string) {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flushing = this.flushing
        .then(() => this.flush(model, instanceUuid, false))
        .catch(err => {
          // the next batch or the periodic full read retries what this one missed
          this.deltaFailures++;
          this.logger.warn(`live delta failed: ${stringifyError(err)}`);
          this.setMode(this.live ? 'live' : 'backing-off', stringifyError(err));
        });
    }, this.options.live.batchWindowMs);
  }

  /** Checks, without blocking the loop, whether the applied hashes were written elsewhere. */
  private checkForeignWrites() {
    const { store, vcenter } = this.options;
    store
      .getHashesVersion('vsphere', vcenter.id)
      .then(version => {
        if (version !== this.reconciledVersion) this.reconcile();
      })
      .catch(err =>
        this.logger.debug(`could not check the applied hashes: ${err}`),
      );
  }

  /**
   * Renders the model, compares with the stored hashes and applies what changed, while no full
   * read applies (see {@link VsphereLiveLoopOptions.exclusive}).
   */
  private flush(
    model: LiveModel,
    instanceUuid: string | undefined,
    initial: boolean,
  ): Promise<void> {
    const exclusive = this.options.exclusive ?? (fn => fn());
    return exclusive(() => {
      this.flushDue = false;
      return this.flushNow(model, instanceUuid, initial);
    });
  }

  /** The applied hashes: from memory while the stored version is the one this loop knows. */
  private async readHashes() {
    const { store, vcenter } = this.options;
    const known = this.known;
    if (
      known &&
      (await store.getHashesVersion('vsphere', vcenter.id)) === known.version
    ) {
      return known;
    }
    const stored = await store.getVersionedHashes('vsphere', vcenter.id);
    this.known =
      stored?.version === undefined
        ? undefined
        : { ...stored, version: stored.version };
    return stored;
  }

  private remember(version: string, hashes: EntityHashes) {
    this.reconciledVersion = version;
    this.known = { version, hashes };
  }

  private async flushNow(
    model: LiveModel,
    instanceUuid: string | undefined,
    initial: boolean,
  ): Promise<void> {
    const { vcenter } = this.options;
    const updates = this.pendingUpdates;
    this.pendingUpdates = 0;
    const started = Date.now();
    const inventory = await model.inventory();
    const stored = await this.readHashes();
    const previous = stored?.hashes;
    // Entities applied behind the loop's back (a full read, a re-link, another replica) hold
    // the state read at `snapshotAt`: objects updated here since then may have been put back
    // to an older state. Objects not updated since keep the other writer's state, which is at
    // least as new as the model's (vCenter may not notify every change: vcsim does not).
    const foreign =
      !initial &&
      stored !== undefined &&
      stored.version !== this.reconciledVersion;
    let changed = inventory.changed;
    if (foreign) {
      changed = [
        ...new Set([...changed, ...model.changedSince(stored.snapshotAt ?? 0)]),
      ];
      this.reconciledVersion = stored.version;
      this.reconciliations++;
    }
    // only what this batch can have changed: untouched objects keep what was applied, even when
    // the model's copy of them is older
    const affected = initial ? undefined : affectedObjects(inventory, changed);
    const entities = buildVsphereEntities(
      resolveInventory(inventory, {
        vcenterId: vcenter.id,
        url: vcenter.url,
        instanceUuid,
        tags: this.options.tags?.(),
      }),
      {
        ...vcenter,
        only: affected && new Set(affected.map(r => `${r.type}:${r.value}`)),
      },
    );
    let diff: EntityDiff;
    if (!affected) {
      // a new filter's initial state is the whole inventory: compare all of it
      diff = diffEntities(previous, entities);
      const unsafe = removalGuard(previous, diff, vcenter.maxRemovalShare);
      if (unsafe) throw new Error(`live initial state: ${unsafe}`);
      this.reconciledVersion = stored?.version;
    } else {
      const names = new Set(
        affected.map(r => vsphereEntityName(vcenter.id, r)),
      );
      const batch = diffEntities(
        Object.fromEntries(
          Object.entries(previous ?? {}).filter(([n]) => names.has(n)),
        ),
        entities,
      );
      const hashes = { ...previous };
      for (const name of batch.removed) delete hashes[name];
      diff = { ...batch, hashes: { ...hashes, ...batch.hashes } };
    }
    if (diff.changed.length > 0 || diff.removed.length > 0) {
      await this.applyDelta(diff, previous ?? {});
      this.logger.debug(
        `live delta of ${vcenter.id}: ${diff.changed.length} changed, ${
          diff.removed.length
        } removed from ${updates} updates in ${Date.now() - started} ms`,
      );
    }
    this.options.onApplied?.({
      inventory,
      // an initial state changed no object
      changedObjects: initial ? [] : changed,
      changedEntities: diff.changed.map(e => e.metadata.name),
      removedEntities: diff.removed,
    });
    if (!initial) {
      this.updatesApplied += updates;
      this.options.sources.update('vsphere', vcenter.id, {
        lastUpdateAt: Date.now(),
        updatesApplied: this.updatesApplied,
      });
    }
  }

  /**
   * Applies a diff as `delta` mutations of at most `maxEntitiesPerDelta` entities each, in the
   * diff's order (changed first, then removed). The stored hashes follow every applied mutation,
   * so a failure part-way leaves the applied part recorded and the rest to be retried.
   */
  private async applyDelta(
    diff: EntityDiff,
    previous: EntityHashes,
  ): Promise<void> {
    const { vcenter, store, connection, locationKey, live } = this.options;
    const size = Math.max(1, Math.floor(live.maxEntitiesPerDelta || Infinity));
    const items: Array<
      { changed: (typeof diff.changed)[number] } | { removed: string }
    > = [
      ...diff.changed.map(changed => ({ changed })),
      ...diff.removed.map(removed => ({ removed })),
    ];
    const hashes = { ...previous };
    try {
      for (let i = 0; i < items.length; i += size) {
        const chunk = items.slice(i, i + size);
        const added = chunk.flatMap(c => ('changed' in c ? [c.changed] : []));
        const removed = chunk.flatMap(c => ('removed' in c ? [c.removed] : []));
        await connection.applyMutation({
          type: 'delta',
          added: added.map(entity => ({ entity, locationKey })),
          removed: removed.map(name => ({
            entityRef: `resource:default/${name}`,
            locationKey,
          })),
        });
        this.deltaMutations++;
        this.entitiesChanged += added.length;
        this.entitiesRemoved += removed.length;
        for (const entity of added) {
          const name = entity.metadata.name;
          if (diff.hashes[name] !== undefined) hashes[name] = diff.hashes[name];
        }
        for (const name of removed) delete hashes[name];
      }
    } catch (err) {
      // what was applied stays recorded; the rest is retried by the next batch or full read
      await store
        .setHashes('vsphere', vcenter.id, hashes)
        .then(version => this.remember(version, hashes))
        .catch(e => this.logger.warn(`could not record applied hashes: ${e}`));
      throw err;
    }
    this.remember(
      await store.setHashes('vsphere', vcenter.id, diff.hashes),
      diff.hashes,
    );
  }
}
