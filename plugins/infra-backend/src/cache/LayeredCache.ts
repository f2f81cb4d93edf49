import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError, stringifyError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { InfraStore } from '../database/InfraStore';
import { CacheCounters, DurationWindow, LayeredCacheStats } from './CacheStats';
import { CACHE_KEY_ROOT } from './cacheKey';
import {
  CodecOptions,
  decodeWithSize,
  encodeJson,
  EncodedValue,
  toJson,
} from './codec';
import { EncodedEntry, packEntry, unpackEntry } from './entryEnvelope';
import { markDeeplyFrozen } from './frozenJson';
import { MemoryLru } from './MemoryLru';
import { RedisLayer } from './RedisLayer';

/** The pub/sub channel on which replicas tell each other to drop memory entries. */
export const CACHE_INVALIDATION_CHANNEL = 'infra:cache:invalidate';

/** Redis keys of load locks start with this (outside the entries' prefixes, so prefix invalidation never drops a lock). */
export const CACHE_LOCK_PREFIX = 'lock:';

/** Which layer answered a {@link LayeredCache.get}. */
export type CacheSource = 'memory' | 'redis' | 'database' | 'loader';

/** The answer of {@link LayeredCache.get}. */
export interface CacheResult<T> {
  /** Shared between callers and frozen: copy before changing it. */
  value: T;
  /** True when the entry is past its TTL (a refresh is under way, or just failed). */
  stale: boolean;
  /** Milliseconds since the value was loaded. */
  ageMs: number;
  source: CacheSource;
  /** Why a fresh value could not be loaded, when this answer is an older one because of it. */
  refreshError?: string;
}

/** Per-call settings of {@link LayeredCache.get}. */
export interface CacheGetOptions {
  /** How long a loaded value is fresh. */
  ttlMs: number;
  /**
   * How long past its expiry an entry is still answered at once while it is refreshed in the
   * background. An older entry waits for the load instead, and is answered only if the load
   * fails. Default: no limit.
   */
  staleServeMaxMs?: number;
}

/** The database layer: {@link InfraStore}'s cache methods. */
export type CacheDatabaseLayer = Pick<
  InfraStore,
  'getCacheEntry' | 'setCacheEntry' | 'deleteCacheEntries'
> & {
  /**
   * Deletes exactly `key`. Without it `invalidate` falls back to `deleteCacheEntries(key)`, which
   * also drops keys that merely start with `key` (harmless for a cache, but more than asked).
   */
  deleteCacheEntry?(key: string): Promise<unknown>;
};

/** Construction settings of {@link LayeredCache}. */
export interface LayeredCacheOptions {
  database: CacheDatabaseLayer;
  /** Without Redis the cache runs on memory and the database only, and replicas do not coordinate. */
  redis?: RedisLayer;
  logger: LoggerService;
  /** Budget of the in-process layer. Default 64 MiB. */
  memoryMaxBytes?: number;
  compression?: CodecOptions;
  /** How long Redis keeps an entry after it expires, so it can still be served stale. Default 24 h. */
  redisStaleRetentionMs?: number;
  lock?: {
    /** How long a replica may hold a load lock before it lapses. Default 30 s. */
    ttlMs?: number;
    /** The longest a replica waits for another's load before loading itself. Default 30 s. */
    waitMs?: number;
    /** First poll interval while waiting; it doubles up to `pollMaxMs`. Default 25 ms. */
    pollMinMs?: number;
    /** Default 250 ms. */
    pollMaxMs?: number;
  };
  /** After a failed load, how long the old entry is answered without calling the loader again. Default 10 s. */
  refreshRetryMs?: number;
  /** How many recent load durations the percentiles cover. Default 200. */
  loadDurationSamples?: number;
}

interface Entry {
  value: unknown;
  storedAt: number;
  expiresAt: number;
}

interface FoundEntry extends Entry {
  source: CacheSource;
}

/** A loaded entry, answered at once, and the write-through to Redis and the database behind it. */
interface Loaded {
  found: FoundEntry;
  /** Never rejects. */
  persisted: Promise<void>;
}

type Invalidation = { key: string } | { prefix: string };

// Invalidations that could not reach Redis; beyond this many, the whole cache prefix is cleared
// on reconnect instead of remembering each one.
const MAX_PENDING_INVALIDATIONS = 1000;
// Enough to cover invalidations during any load of normal length.
const MAX_RECENT_INVALIDATIONS = 500;
const ALL_ENTRIES_PREFIX = `${CACHE_KEY_ROOT}:`;
// The longest a write-through waits for other loads of the process to end; replicas waiting on
// the entry's lock poll for it every 25-250 ms, so this stays within one of their polls.
const WRITE_THROUGH_MAX_DELAY_MS = 250;

const unfrozenObject = (value: unknown): value is object =>
  value !== null && typeof value === 'object' && !Object.isFrozen(value);

// for...in, not Object.values: no array per node (values come from JSON.parse: nothing inherited)
function freezeTree(value: object): void {
  Object.freeze(value);
  const children = value as Record<string, unknown>;
  for (const key in children) {
    if (unfrozenObject(children[key])) freezeTree(children[key] as object);
  }
}

// Cached values are handed to every caller; a caller's mutation must not change what others see.
// The value and its lists (what answers embed) are marked, so their JSON text can be kept.
function deepFreeze<T>(value: T): T {
  if (unfrozenObject(value)) {
    freezeTree(value);
    markDeeplyFrozen(value);
    const children = value as Record<string, unknown>;
    for (const key in children) {
      if (typeof children[key] === 'object' && children[key] !== null) {
        markDeeplyFrozen(children[key] as object);
      }
    }
  }
  return value;
}

const lockKeyOf = (key: string) => `${CACHE_LOCK_PREFIX}${key}`;

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * A read-through, write-through cache in three layers: an in-process LRU bounded by bytes, Redis
 * shared by the replicas, and the database table that survives restarts and Redis outages.
 *
 * A key is loaded by one caller at a time: concurrent callers in a process share one load, and
 * replicas take a Redis lock so only one of them calls the loader. Expired entries are answered
 * at once, marked stale, while one background refresh runs; when loading fails the last good entry
 * is answered, whatever its age. Redis failures never fail a call.
 */
export class LayeredCache {
  private readonly id = randomUUID();
  private readonly database: CacheDatabaseLayer;
  private readonly redis: RedisLayer | undefined;
  private readonly logger: LoggerService;
  private readonly memory: MemoryLru<Entry>;
  private readonly codec: CodecOptions;
  private readonly redisRetentionMs: number;
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;
  private readonly pollMinMs: number;
  private readonly pollMaxMs: number;
  private readonly refreshRetryMs: number;
  private readonly counters: CacheCounters;

  private readonly inflight = new Map<string, Promise<FoundEntry>>();
  // concurrent misses of a key in this process share one read of Redis and the database
  private readonly sharedReads = new Map<
    string,
    Promise<FoundEntry | undefined>
  >();
  // load locks that a shared read took on a miss, waiting for the load that follows it
  private readonly heldLocks = new Map<
    string,
    { token: string; until: number }
  >();
  private readonly background = new Set<Promise<void>>();
  private readonly failures = new Map<
    string,
    { at: number; message: string }
  >();
  private readonly pending = new Map<string, Invalidation>();
  private readonly cleanups: Array<() => void> = [];
  private loadsInFlight = 0;
  // write-throughs waiting for the loads in flight to end
  private readonly waitingForIdle = new Set<() => void>();
  // a load must not store its value if its key was invalidated while it ran (the value may
  // predate the change): each invalidation gets an epoch, and recent ones are kept to compare
  private epoch = 0;
  private readonly recentInvalidations: Array<{
    epoch: number;
    matches: (key: string) => boolean;
  }> = [];
  private databaseFailing = false;

  constructor(options: LayeredCacheOptions) {
    this.database = options.database;
    this.redis = options.redis;
    this.logger = options.logger;
    this.memory = new MemoryLru(options.memoryMaxBytes);
    this.codec = options.compression ?? {};
    const level = this.codec.gzipLevel;
    if (level !== undefined && !(level >= 1 && level <= 9)) {
      throw new RangeError(`gzip level must be 1 to 9, got ${level}`);
    }
    this.redisRetentionMs = options.redisStaleRetentionMs ?? 24 * 3600_000;
    this.lockTtlMs = options.lock?.ttlMs ?? 30_000;
    this.lockWaitMs = options.lock?.waitMs ?? 30_000;
    this.pollMinMs = options.lock?.pollMinMs ?? 25;
    this.pollMaxMs = options.lock?.pollMaxMs ?? 250;
    this.refreshRetryMs = options.refreshRetryMs ?? 10_000;
    this.counters = new CacheCounters(
      new DurationWindow(options.loadDurationSamples),
    );

    const redis = this.redis;
    if (redis) {
      this.cleanups.push(
        redis.subscribe(CACHE_INVALIDATION_CHANNEL, message =>
          this.onInvalidationMessage(message),
        ),
        // invalidations published while this replica was not subscribed are lost for good
        redis.onSubscribed(() => this.memory.clear()),
        redis.onReady(() => {
          this.replayPendingInvalidations().catch(() => undefined);
        }),
      );
    }
  }

  /**
   * Resolves once Redis is connected and the invalidation channel subscribed (immediately
   * without Redis). The cache works before that; this is for startup checks and tests.
   */
  async ready(timeoutMs = 5000): Promise<void> {
    if (!this.redis) return;
    await this.redis.ready(timeoutMs);
    await this.redis.subscribed(CACHE_INVALIDATION_CHANNEL, timeoutMs);
  }

  /**
   * The value under `key`, from the first layer that has it, or from `loader` (whose value must be
   * JSON-serialisable; it is stored in every layer). Every source returns the same JSON shape. If
   * concurrent calls for a key pass different loaders or options, the first call's are used.
   *
   * @throws ServiceUnavailableError when nothing is cached and the loader fails
   */
  async get<T>(
    key: string,
    loader: () => Promise<T>,
    options: CacheGetOptions,
  ): Promise<CacheResult<T>> {
    if (!(options.ttlMs > 0)) {
      throw new RangeError(`ttlMs must be > 0, got ${options.ttlMs}`);
    }
    const found = await this.lookup(key);
    if (found && found.expiresAt > Date.now()) return this.answer(found);

    if (found) {
      const failure = this.recentFailure(key);
      if (failure) return this.answerStale(found, failure);
      const overdueMs = Date.now() - found.expiresAt;
      if (overdueMs <= (options.staleServeMaxMs ?? Infinity)) {
        this.refreshInBackground(key, loader, options, found.source);
        return this.answerStale(found);
      }
    }

    try {
      return this.answer(await this.loadShared(key, loader, options, false));
    } catch (error) {
      const message = stringifyError(error);
      // the database was not read before the load when the key had been invalidated, and
      // another replica may have stored it since: the last chance of an answer
      const last = found ?? (await this.readDatabase(key))?.found;
      if (last) {
        this.counters.refreshErrors++;
        return this.answerStale(last, message);
      }
      throw new ServiceUnavailableError(
        `Nothing cached under ${key} and loading it failed: ${message}`,
        error,
      );
    }
  }

  /**
   * What {@link LayeredCache.get} would answer at once from the memory layer, without a promise:
   * for a warm request built from several entries, the awaits and timers of `get` cost more than
   * the lookup. Undefined unless the entry is in memory and fresh; call `get` then.
   */
  peekFresh<T>(key: string): CacheResult<T> | undefined {
    const now = Date.now();
    // counted and marked recently used as get's lookup does, when it answers
    const entry = this.memory.getIf(key, e => e.expiresAt > now);
    if (!entry) return undefined;
    return {
      value: entry.value as T,
      stale: false,
      ageMs: Math.max(0, now - entry.storedAt),
      source: 'memory',
    };
  }

  /** Drops `key` from every layer of every replica. */
  async invalidate(key: string): Promise<void> {
    await this.invalidateEverywhere({ key });
  }

  /** Drops every key starting with `prefix` (a vCenter's namespace, a kind) from every layer of every replica. */
  async invalidatePrefix(prefix: string): Promise<void> {
    if (prefix === '') throw new RangeError('Refusing an empty prefix');
    await this.invalidateEverywhere({ prefix });
  }

  /** Figures for the status API and metrics. */
  stats(): LayeredCacheStats {
    const c = this.counters;
    return {
      memory: this.memory.stats(),
      redis: {
        state: this.redis ? this.redis.state : 'disabled',
        ...c.redis,
      },
      database: { ...c.database },
      loads: {
        ...c.loads,
        inFlight: this.loadsInFlight,
        durations: c.durations.summary(),
      },
      staleServes: c.staleServes,
      refreshErrors: c.refreshErrors,
      writes: { ...c.writes },
      invalidations: { ...c.invalidations },
    };
  }

  /** Resolves when no background refresh is running. */
  async settled(): Promise<void> {
    while (this.background.size > 0) {
      await Promise.allSettled([...this.background]);
    }
  }

  /** Stops listening to other replicas and waits for background refreshes; the RedisLayer stays open. */
  async close(): Promise<void> {
    this.cleanups.splice(0).forEach(cleanup => cleanup());
    for (const key of [...this.heldLocks.keys()]) this.releaseHeldLock(key);
    await this.settled();
  }

  private answer<T>(found: FoundEntry): CacheResult<T> {
    return {
      value: found.value as T,
      stale: found.expiresAt <= Date.now(),
      ageMs: Math.max(0, Date.now() - found.storedAt),
      source: found.source,
    };
  }

  private answerStale<T>(found: FoundEntry, refreshError?: string) {
    this.counters.staleServes++;
    const result: CacheResult<T> = { ...this.answer<T>(found), stale: true };
    if (refreshError !== undefined) result.refreshError = refreshError;
    return result;
  }

  private recentFailure(key: string): string | undefined {
    const failure = this.failures.get(key);
    if (!failure) return undefined;
    if (Date.now() - failure.at < this.refreshRetryMs) return failure.message;
    this.failures.delete(key);
    return undefined;
  }

  // ---- reading the layers -------------------------------------------------------------------

  private async lookup(key: string): Promise<FoundEntry | undefined> {
    const inMemory = this.memory.get(key);
    if (inMemory) return { ...inMemory, source: 'memory' };
    return this.readShared(key);
  }

  /**
   * Redis, then the database; a hit fills the layers above it. A Redis miss takes the key's load
   * lock in the same round trip (kept for the load that follows, released when the database has
   * the entry). Concurrent calls for a key share one read.
   */
  private readShared(key: string): Promise<FoundEntry | undefined> {
    const running = this.sharedReads.get(key);
    if (running) return running;
    const task = (async () => {
      const fromRedis = await this.readRedis(key);
      if (fromRedis) return fromRedis;
      // An invalidated key left the database with Redis, and whatever stored it since wrote
      // Redis too: missing from a Redis that answered, it is missing from the database, so the
      // load that follows starts without a database read first (`get` still reads the database
      // when that load fails).
      if (this.heldLocks.has(key) && this.wasInvalidated(key)) return undefined;
      const fromDatabase = await this.readDatabase(key);
      if (fromDatabase) {
        // back in Redis before the lock goes, so replicas waiting on it find the entry there
        await this.writeRedis(key, fromDatabase.encoded);
        this.releaseHeldLock(key);
      }
      return fromDatabase?.found;
    })().finally(() => {
      if (this.sharedReads.get(key) === task) this.sharedReads.delete(key);
    });
    this.sharedReads.set(key, task);
    return task;
  }

  private async readRedis(key: string): Promise<FoundEntry | undefined> {
    const redis = this.redis;
    if (!redis) return undefined;
    try {
      const token = randomUUID();
      const { value, locked } = await redis.getOrLock(
        key,
        lockKeyOf(key),
        token,
        this.lockTtlMs,
      );
      if (locked) this.holdLock(key, token);
      const encoded = value && unpackEntry(value);
      if (!encoded) {
        this.counters.redis.misses++;
        return undefined;
      }
      this.counters.redis.hits++;
      return { ...(await this.remember(key, encoded)), source: 'redis' };
    } catch {
      // the RedisLayer logs the outage once; every failed call only counts
      this.counters.redis.errors++;
      return undefined;
    }
  }

  private holdLock(key: string, token: string): void {
    this.releaseHeldLock(key);
    // a margin under the lock's TTL, so a lock about to lapse is never taken for held
    this.heldLocks.set(key, {
      token,
      until: Date.now() + this.lockTtlMs / 2,
    });
  }

  /** The token of the load lock a shared read took for `key`, if it is still good. */
  private takeHeldLock(key: string): string | undefined {
    const held = this.heldLocks.get(key);
    if (!held) return undefined;
    this.heldLocks.delete(key);
    if (held.until > Date.now()) return held.token;
    this.releaseLockInBackground(key, held.token);
    return undefined;
  }

  private releaseHeldLock(key: string): void {
    const held = this.heldLocks.get(key);
    if (!held) return;
    this.heldLocks.delete(key);
    this.releaseLockInBackground(key, held.token);
  }

  private releaseLockInBackground(key: string, token: string): void {
    const redis = this.redis;
    if (!redis) return;
    this.track(redis.releaseLock(lockKeyOf(key), token));
  }

  /**
   * Like readRedis, but throws when Redis fails and counts nothing; `accept` sees the timestamps
   * before the value is decoded, so polling for a newer entry does not decode an old one.
   */
  private async fetchRedis(
    key: string,
    accept: (entry: EncodedEntry) => boolean = () => true,
  ): Promise<FoundEntry | undefined> {
    const packed = await this.redis!.get(key);
    const encoded = packed && unpackEntry(packed);
    if (!encoded || !accept(encoded)) return undefined;
    return { ...(await this.remember(key, encoded)), source: 'redis' };
  }

  private async readDatabase(
    key: string,
  ): Promise<{ found: FoundEntry; encoded: EncodedEntry } | undefined> {
    try {
      const row = await this.database.getCacheEntry(key);
      this.databaseAnswered();
      if (!row) {
        this.counters.database.misses++;
        return undefined;
      }
      const encoded: EncodedEntry = {
        bytes: row.value,
        encoding: row.encoding,
        storedAt: row.storedAt,
        expiresAt: row.expiresAt,
      };
      const entry = await this.remember(key, encoded);
      this.counters.database.hits++;
      return { found: { ...entry, source: 'database' }, encoded };
    } catch (error) {
      this.databaseFailed(error);
      return undefined;
    }
  }

  /** Decodes an entry from a shared layer and keeps it in memory. */
  private async remember(key: string, encoded: EncodedEntry): Promise<Entry> {
    const { value, rawBytes } = await decodeWithSize(
      encoded.bytes,
      encoded.encoding,
    );
    const entry: Entry = {
      value: deepFreeze(value),
      storedAt: encoded.storedAt,
      expiresAt: encoded.expiresAt,
    };
    this.memory.set(key, entry, rawBytes);
    return entry;
  }

  // ---- loading ------------------------------------------------------------------------------

  private refreshInBackground(
    key: string,
    loader: () => Promise<unknown>,
    options: CacheGetOptions,
    source: CacheSource,
  ): void {
    if (this.inflight.has(key)) return;
    this.counters.loads.backgroundRefreshes++;
    // an entry that expired in memory may have been refreshed by another replica already
    const task = this.loadShared(key, loader, options, source === 'memory')
      .then(
        () => undefined,
        error => {
          this.counters.refreshErrors++;
          this.logger.warn(
            `Cache refresh of ${key} failed, serving the last good entry: ${stringifyError(
              error,
            )}`,
          );
        },
      )
      .finally(() => this.background.delete(task));
    this.background.add(task);
  }

  /** One load per key at a time in this process: concurrent callers share its promise. */
  private loadShared(
    key: string,
    loader: () => Promise<unknown>,
    options: CacheGetOptions,
    checkSharedFirst: boolean,
  ): Promise<FoundEntry> {
    const running = this.inflight.get(key);
    if (running) {
      // the running load has its own lock, or none
      this.releaseHeldLock(key);
      return running;
    }
    const task = (async () => {
      if (checkSharedFirst) {
        const shared = await this.readShared(key);
        if (shared && shared.expiresAt > Date.now()) return shared;
      }
      return this.loadAcrossReplicas(key, loader, options);
    })().finally(() => {
      if (this.inflight.get(key) === task) this.inflight.delete(key);
    });
    this.inflight.set(key, task);
    return task;
  }

  /** One load per key at a time across replicas, through a Redis lock when Redis is there. */
  private async loadAcrossReplicas(
    key: string,
    loader: () => Promise<unknown>,
    options: CacheGetOptions,
  ): Promise<FoundEntry> {
    // taken by the read that missed Redis, atomically with it: no entry can have come in between
    const held = this.takeHeldLock(key);
    // a caller that missed every layer may have done so just before a load finished
    const inMemory = this.memory.peek(key);
    if (inMemory && inMemory.expiresAt > Date.now()) {
      if (held) this.releaseLockInBackground(key, held);
      return { ...inMemory, source: 'memory' };
    }
    const redis = this.redis;
    if (!redis || redis.state !== 'connected') {
      if (held) this.releaseLockInBackground(key, held);
      return this.persistInBackground(
        await this.loadAndStore(key, loader, options),
      );
    }

    const lockKey = lockKeyOf(key);
    const token = held ?? randomUUID();
    const startedAt = Date.now();
    const deadline = startedAt + this.lockWaitMs;
    let heldSinceRead = held !== undefined;
    for (;;) {
      let acquired: boolean;
      try {
        acquired =
          heldSinceRead ||
          (await redis.acquireLock(lockKey, token, this.lockTtlMs));
      } catch {
        this.counters.redis.errors++;
        return this.persistInBackground(
          await this.loadAndStore(key, loader, options),
        );
      }
      if (acquired) {
        let persisted: Promise<unknown> = Promise.resolve();
        try {
          // the previous holder may have stored the entry between our read and our lock
          const stored = heldSinceRead
            ? undefined
            : await this.fetchRedis(key, e => e.expiresAt > Date.now()).catch(
                () => undefined,
              );
          heldSinceRead = false;
          if (stored) return stored;
          const loaded = await this.loadAndStore(key, loader, options);
          persisted = loaded.persisted;
          return loaded.found;
        } finally {
          // the lock is held until the entry is in Redis, so that replicas waiting for it find
          // it there instead of loading it again; the caller does not wait for either
          this.track(
            persisted.then(() =>
              redis.releaseLock(lockKey, token).then(
                () => undefined,
                () => undefined,
              ),
            ),
          );
        }
      }

      this.counters.loads.lockWaits++;
      const waited = await this.waitForLockHolder(
        key,
        lockKey,
        startedAt,
        deadline,
      );
      if (waited === 'load') {
        return this.persistInBackground(
          await this.loadAndStore(key, loader, options),
        );
      }
      if (waited !== 'compete') {
        this.counters.redis.hits++;
        return waited;
      }
      // the lock went without a new entry: its holder failed or died, so try to take it
    }
  }

  /**
   * Polls Redis, with growing pauses, until another replica's load shows up ('compete' when its
   * lock went without one; 'load' when Redis fails or the wait is over).
   */
  private async waitForLockHolder(
    key: string,
    lockKey: string,
    startedAt: number,
    deadline: number,
  ): Promise<FoundEntry | 'compete' | 'load'> {
    let pause = this.pollMinMs;
    while (Date.now() < deadline) {
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
      pause = Math.min(pause * 2, this.pollMaxMs);
      try {
        // a short TTL may have lapsed already, so an entry stored since we started counts too
        const stored = await this.fetchRedis(
          key,
          e => e.expiresAt > Date.now() || e.storedAt >= startedAt,
        );
        if (stored) return stored;
        if (!(await this.redis!.isLocked(lockKey))) return 'compete';
      } catch {
        this.counters.redis.errors++;
        return 'load';
      }
    }
    this.logger.warn(
      `Waited ${this.lockWaitMs} ms for another replica to load ${key}; loading it here`,
    );
    return 'load';
  }

  /**
   * Calls the loader and puts its value in memory. The answer does not wait for Redis and the
   * database: `persisted` compresses and writes the entry there (a load lock, when there is one,
   * is released only once it is done; {@link LayeredCache.settled} and `close` wait for it).
   */
  private async loadAndStore(
    key: string,
    loader: () => Promise<unknown>,
    options: CacheGetOptions,
  ): Promise<Loaded> {
    const epoch = this.epoch;
    const started = performance.now();
    this.counters.loads.count++;
    this.loadsInFlight++;
    let value: unknown;
    try {
      value = await loader();
    } catch (error) {
      this.counters.loads.errors++;
      this.failures.set(key, {
        at: Date.now(),
        message: stringifyError(error),
      });
      throw error;
    } finally {
      this.loadsInFlight--;
      if (this.loadsInFlight === 0) this.wakeWriteThroughs();
      this.counters.durations.add(performance.now() - started);
    }
    this.failures.delete(key);

    // the JSON round trip gives every caller the same shape, whichever layer answers
    const json = toJson(value);
    const storedAt = Date.now();
    const entry: Entry = {
      value: deepFreeze(JSON.parse(json)),
      storedAt,
      expiresAt: storedAt + options.ttlMs,
    };
    if (this.invalidatedSince(key, epoch)) {
      // answer it, but keep it out of the layers (the value may predate the change)
      return {
        found: { ...entry, source: 'loader' },
        persisted: Promise.resolve(),
      };
    }
    this.memory.set(key, entry, Buffer.byteLength(json, 'utf8'));
    return {
      found: { ...entry, source: 'loader' },
      persisted: this.persist(key, json, entry, epoch),
    };
  }

  /** Compresses a loaded entry and writes it to Redis and the database. Never rejects. */
  private async persist(
    key: string,
    json: string,
    entry: Entry,
    epoch: number,
  ): Promise<void> {
    try {
      await this.loadsIdle();
      const encoded = await encodeJson(json, this.codec);
      this.countWrite(encoded);
      if (this.invalidatedSince(key, epoch)) return;
      const stored: EncodedEntry = {
        bytes: encoded.bytes,
        encoding: encoded.encoding,
        storedAt: entry.storedAt,
        expiresAt: entry.expiresAt,
      };
      await Promise.all([
        this.writeRedis(key, stored),
        this.writeDatabase(key, stored),
      ]);
      if (this.invalidatedSince(key, epoch)) {
        // an invalidation ran while the entry was being written: it must not outlive it
        await Promise.allSettled([
          this.redis?.delete(key),
          this.database.deleteCacheEntry
            ? this.database.deleteCacheEntry(key)
            : this.database.deleteCacheEntries(key),
        ]);
      }
    } catch (error) {
      this.logger.warn(
        `Writing the cache entry ${key} through failed: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  /**
   * Resolves once the caller's answer has gone out and no other load of this process runs, or
   * after {@link WRITE_THROUGH_MAX_DELAY_MS}: compressing and writing an entry takes the event loop
   * from the decoding of the others, which an answer built from several entries waits for.
   */
  private loadsIdle(): Promise<void> {
    return new Promise<void>(resolve => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const wake = () => {
        clearTimeout(timer);
        this.waitingForIdle.delete(wake);
        // two turns of the event loop: the first check phase still comes before the poll phase
        // that serves sockets already readable (the answer built from this load is out by then)
        setImmediate(() => setImmediate(resolve));
      };
      if (this.loadsInFlight === 0) {
        wake();
        return;
      }
      this.waitingForIdle.add(wake);
      timer = setTimeout(wake, WRITE_THROUGH_MAX_DELAY_MS);
    });
  }

  private wakeWriteThroughs(): void {
    for (const wake of [...this.waitingForIdle]) wake();
  }

  private persistInBackground(loaded: Loaded): FoundEntry {
    this.track(loaded.persisted);
    return loaded.found;
  }

  private track(task: Promise<unknown>): void {
    const tracked: Promise<void> = task
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => this.background.delete(tracked));
    this.background.add(tracked);
  }

  private countWrite(encoded: EncodedValue): void {
    const writes = this.counters.writes;
    writes.entries++;
    if (encoded.encoding === 'gzip') writes.compressedEntries++;
    writes.rawBytes += encoded.rawBytes;
    writes.storedBytes += encoded.storedBytes;
  }

  // ---- writing the shared layers ------------------------------------------------------------

  private async writeRedis(key: string, entry: EncodedEntry): Promise<void> {
    if (!this.redis) return;
    const keepMs =
      Math.max(0, entry.expiresAt - Date.now()) + this.redisRetentionMs;
    try {
      await this.redis.set(key, packEntry(entry), keepMs);
    } catch {
      this.counters.redis.errors++;
    }
  }

  private async writeDatabase(key: string, entry: EncodedEntry): Promise<void> {
    try {
      await this.database.setCacheEntry({
        key,
        value: entry.bytes,
        encoding: entry.encoding,
        storedAt: entry.storedAt,
        expiresAt: entry.expiresAt,
      });
      this.databaseAnswered();
    } catch (error) {
      this.databaseFailed(error);
    }
  }

  private databaseFailed(error: unknown): void {
    this.counters.database.errors++;
    if (!this.databaseFailing) {
      this.databaseFailing = true;
      this.logger.warn(
        `Cache database layer failing, serving from memory and Redis: ${stringifyError(
          error,
        )}`,
      );
    }
  }

  private databaseAnswered(): void {
    if (this.databaseFailing) {
      this.databaseFailing = false;
      this.logger.info('Cache database layer answering again');
    }
  }

  // ---- invalidation -------------------------------------------------------------------------

  /** Whether one of the invalidations this replica still remembers dropped `key`. */
  private wasInvalidated(key: string): boolean {
    return this.recentInvalidations.some(entry => entry.matches(key));
  }

  private invalidatedSince(key: string, epoch: number): boolean {
    const log = this.recentInvalidations;
    // older invalidations were forgotten: assume the worst
    if (log.length > 0 && log[0].epoch > epoch + 1) return true;
    return log.some(entry => entry.epoch > epoch && entry.matches(key));
  }

  private dropLocally(invalidation: Invalidation): void {
    const matches =
      'key' in invalidation
        ? (k: string) => k === invalidation.key
        : (k: string) => k.startsWith(invalidation.prefix);
    this.epoch++;
    this.recentInvalidations.push({ epoch: this.epoch, matches });
    if (this.recentInvalidations.length > MAX_RECENT_INVALIDATIONS) {
      this.recentInvalidations.shift();
    }
    if ('key' in invalidation) this.memory.delete(invalidation.key);
    else this.memory.deletePrefix(invalidation.prefix);
    // later callers start a new load instead of joining one that may return the old value
    for (const key of [...this.inflight.keys()]) {
      if (matches(key)) this.inflight.delete(key);
    }
    for (const key of [...this.failures.keys()]) {
      if (matches(key)) this.failures.delete(key);
    }
    // nor join a read of the shared layers that may still see the old entry
    for (const key of [...this.sharedReads.keys()]) {
      if (matches(key)) this.sharedReads.delete(key);
    }
  }

  private async invalidateEverywhere(
    invalidation: Invalidation,
  ): Promise<void> {
    this.counters.invalidations.local++;
    this.dropLocally(invalidation);
    const [database] = await Promise.allSettled([
      this.deleteFromDatabase(invalidation),
      // never rejects: what Redis misses is replayed when it is back
      this.deleteFromRedisAndBroadcast(invalidation),
    ]);
    // a concurrent read may have refilled memory from a layer not yet cleared
    this.dropLocally(invalidation);
    // the entry would come back from the database, so the caller must know
    if (database.status === 'rejected') throw database.reason;
  }

  private async deleteFromDatabase(invalidation: Invalidation): Promise<void> {
    try {
      if ('prefix' in invalidation) {
        await this.database.deleteCacheEntries(invalidation.prefix);
      } else if (this.database.deleteCacheEntry) {
        await this.database.deleteCacheEntry(invalidation.key);
      } else {
        await this.database.deleteCacheEntries(invalidation.key);
      }
      this.databaseAnswered();
    } catch (error) {
      this.databaseFailed(error);
      throw error;
    }
  }

  private async deleteFromRedisAndBroadcast(
    invalidation: Invalidation,
  ): Promise<void> {
    const redis = this.redis;
    if (!redis) return;
    try {
      if ('key' in invalidation) await redis.delete(invalidation.key);
      else await redis.deletePrefix(invalidation.prefix);
      await redis.publish(
        CACHE_INVALIDATION_CHANNEL,
        JSON.stringify({ origin: this.id, ...invalidation }),
      );
    } catch {
      this.counters.redis.errors++;
      this.rememberPending(invalidation);
    }
  }

  private rememberPending(invalidation: Invalidation): void {
    if (this.pending.size >= MAX_PENDING_INVALIDATIONS) {
      this.pending.clear();
      this.pending.set(`p:${ALL_ENTRIES_PREFIX}`, {
        prefix: ALL_ENTRIES_PREFIX,
      });
      return;
    }
    const id =
      'key' in invalidation
        ? `k:${invalidation.key}`
        : `p:${invalidation.prefix}`;
    this.pending.set(id, invalidation);
  }

  private async replayPendingInvalidations(): Promise<void> {
    const replay = [...this.pending.values()];
    this.pending.clear();
    for (const invalidation of replay) {
      await this.deleteFromRedisAndBroadcast(invalidation);
    }
    if (replay.length > 0) {
      this.logger.info(
        `Replayed ${replay.length} cache invalidations that Redis missed during its outage`,
      );
    }
  }

  private onInvalidationMessage(message: string): void {
    let parsed: { origin?: unknown; key?: unknown; prefix?: unknown };
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    // our own invalidations already dropped what they had to, before being published
    if (parsed.origin === this.id) return;
    if (typeof parsed.key === 'string') {
      this.dropLocally({ key: parsed.key });
    } else if (typeof parsed.prefix === 'string' && parsed.prefix !== '') {
      this.dropLocally({ prefix: parsed.prefix });
    } else {
      return;
    }
    this.counters.invalidations.remote++;
  }
}
