import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  describeWith,
  realDatabaseIds,
  REDIS_CONNECTION,
  redisRequirement,
} from '@internal/infra-test-utils';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { InfraStore } from '../database/InfraStore';
import { cacheKey, cacheKeyPrefix, cacheNamespace } from './cacheKey';
import { LayeredCache, LayeredCacheOptions } from './LayeredCache';
import { RedisLayer } from './RedisLayer';
import { unpackEntry } from './entryEnvelope';

const databases = TestDatabases.create({ ids: realDatabaseIds() });
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function eventually(check: () => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A loader that counts its calls and answers after `delayMs`. */
function countingLoader<T>(value: T, delayMs = 0) {
  const loader = jest.fn(async () => {
    if (delayMs) await sleep(delayMs);
    return value;
  });
  return loader;
}

const templates = Array.from({ length: 200 }, (_, i) => ({
  id: `vm-${2000 + i}`,
  name: `tpl-rhel-9-${i}`,
  guestOs: 'rhel9_64Guest',
  cpu: 4,
  memoryMiB: 8192,
  folder: 'Templates/Linux',
}));

describeWith(redisRequirement)(
  'LayeredCache (real Redis, real SQLite and PostgreSQL)',
  () => {
    const logger = mockServices.logger.mock();
    const opened: Array<{ close(): Promise<void> }> = [];
    let sqlite: Knex;

    beforeAll(async () => {
      sqlite = await databases.init('SQLITE_3');
    }, 60_000);

    afterEach(async () => {
      // caches first: they wait for background refreshes that still use Redis
      for (const resource of opened.splice(0)) await resource.close();
    });

    /** One replica's view: its own memory layer and Redis connections, a shared database. */
    async function replica(
      knex: Knex,
      keyPrefix: string,
      options: Partial<LayeredCacheOptions> = {},
    ) {
      const store = await InfraStore.create({
        database: { getClient: async () => knex },
      });
      const redis = new RedisLayer(REDIS_CONNECTION, logger, { keyPrefix });
      const cache = new LayeredCache({
        database: store,
        redis,
        logger,
        ...options,
      });
      opened.push(cache, redis);
      await cache.ready();
      return { cache, store, redis };
    }

    const uniqueKeys = () => {
      const namespace = cacheNamespace({
        vcenterUrl: `https://vc-${randomUUID()}.example.com/sdk`,
        username: 'svc',
      });
      return {
        namespace,
        keyPrefix: `infra-test:${randomUUID()}:`,
        key: (kind: string, id: string) => cacheKey({ namespace, kind, id }),
      };
    };

    it.each(databases.eachSupportedId())(
      'round-trips through memory, Redis and the database on %p',
      async databaseId => {
        const knex =
          databaseId === 'SQLITE_3' ? sqlite : await databases.init(databaseId);
        const { keyPrefix, key } = uniqueKeys();
        const k = key('networks', 'domain-c7');
        const value = [{ id: 'network-1', name: 'VM Network', vlan: 10 }];
        const a = await replica(knex, keyPrefix);
        const loader = countingLoader(value);

        const loaded = await a.cache.get(k, loader, { ttlMs: 60_000 });
        expect(loaded).toMatchObject({ value, stale: false, source: 'loader' });
        expect(loaded.ageMs).toBeLessThan(1000);
        expect(await a.cache.get(k, loader, { ttlMs: 60_000 })).toMatchObject({
          value,
          source: 'memory',
        });
        expect(loader).toHaveBeenCalledTimes(1);

        // written through (after the answer): Redis and the database both hold it, as JSON (it is small)
        await a.cache.settled();
        const inRedis = unpackEntry((await a.redis.get(k))!);
        expect(inRedis?.encoding).toBe('json');
        expect(JSON.parse(inRedis!.bytes.toString())).toEqual(value);
        const row = await a.store.getCacheEntry(k);
        expect(row).toMatchObject({ key: k, encoding: 'json' });
        expect(row!.expiresAt - row!.storedAt).toBe(60_000);

        // a replica with an empty memory layer reads Redis
        const b = await replica(knex, keyPrefix);
        expect(await b.cache.get(k, loader, { ttlMs: 60_000 })).toMatchObject({
          value,
          stale: false,
          source: 'redis',
        });

        // without the Redis copy, the database answers and refills Redis and memory
        await a.redis.delete(k);
        const c = await replica(knex, keyPrefix);
        expect(await c.cache.get(k, loader, { ttlMs: 60_000 })).toMatchObject({
          value,
          source: 'database',
        });
        expect(await a.redis.get(k)).toBeDefined();
        expect(await c.cache.get(k, loader, { ttlMs: 60_000 })).toMatchObject({
          source: 'memory',
        });
        expect(loader).toHaveBeenCalledTimes(1);

        expect(c.cache.stats()).toMatchObject({
          memory: { hits: 1, misses: 1 },
          redis: { state: 'connected', hits: 0, misses: 1, errors: 0 },
          database: { hits: 1, misses: 0, errors: 0 },
          loads: { count: 0 },
        });
        expect(a.cache.stats()).toMatchObject({
          loads: {
            count: 1,
            errors: 0,
            inFlight: 0,
            durations: { samples: 1 },
          },
          writes: { entries: 1, compressedEntries: 0 },
        });
      },
      60_000,
    );

    it('lets another replica read shared entries and drop its memory copy on a pub/sub invalidation', async () => {
      const { keyPrefix, key, namespace } = uniqueKeys();
      const a = await replica(sqlite, keyPrefix);
      const b = await replica(sqlite, keyPrefix);
      const pools = key('pools', 'domain-c7');
      const nets = key('networks', 'domain-c7');
      await a.cache.get(pools, countingLoader(['pool-a']), { ttlMs: 60_000 });
      await a.cache.get(nets, countingLoader(['net-a']), { ttlMs: 60_000 });
      await a.cache.settled(); // the write-through runs after the answer

      const loaderB = countingLoader(['never']);
      expect(
        await b.cache.get(pools, loaderB, { ttlMs: 60_000 }),
      ).toMatchObject({ value: ['pool-a'], source: 'redis' });
      await b.cache.get(nets, loaderB, { ttlMs: 60_000 });
      expect(b.cache.stats().memory.entries).toBe(2);

      // an exact invalidation on A reaches B's memory through Redis pub/sub
      await a.cache.invalidate(pools);
      await eventually(() => b.cache.stats().invalidations.remote === 1);
      expect(b.cache.stats().memory.entries).toBe(1);
      expect(await a.redis.get(pools)).toBeUndefined();
      expect(await a.store.getCacheEntry(pools)).toBeUndefined();
      const reloaded = countingLoader(['pool-b']);
      expect(
        await b.cache.get(pools, reloaded, { ttlMs: 60_000 }),
      ).toMatchObject({ value: ['pool-b'], source: 'loader' });
      expect(reloaded).toHaveBeenCalledTimes(1);
      expect(loaderB).not.toHaveBeenCalled();

      // a whole vCenter by prefix: gone from every layer of both replicas
      await b.cache.invalidatePrefix(cacheKeyPrefix({ namespace }));
      await eventually(() => a.cache.stats().invalidations.remote === 1);
      expect(a.cache.stats().memory.entries).toBe(0);
      expect(await a.redis.get(nets)).toBeUndefined();
      expect(await a.store.getCacheEntry(nets)).toBeUndefined();
      expect(await a.store.getCacheEntry(pools)).toBeUndefined();
    });

    it('answers a load before writing it through, and keeps the Redis lock until the entry is written', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const store = await InfraStore.create({
        database: { getClient: async () => sqlite },
      });
      let openGate!: () => void;
      const gate = new Promise<void>(resolve => {
        openGate = resolve;
      });
      // the database layer, with its writes held until the gate opens
      const slowWrites: LayeredCacheOptions['database'] = {
        getCacheEntry: k => store.getCacheEntry(k),
        deleteCacheEntries: prefix => store.deleteCacheEntries(prefix),
        setCacheEntry: async entry => {
          await gate;
          await store.setCacheEntry(entry);
        },
      };
      const a = await replica(sqlite, keyPrefix, { database: slowWrites });
      const k = key('templates', 'domain-c10');
      const loaded = await a.cache.get(k, countingLoader(templates), {
        ttlMs: 60_000,
      });
      expect(loaded).toMatchObject({ value: templates, source: 'loader' });
      // answered while the database write is still held
      expect(await store.getCacheEntry(k)).toBeUndefined();
      expect(await a.redis.isLocked(`lock:${k}`)).toBe(true);
      const deadline = Date.now() + 3000;
      while (!(await a.redis.get(k)) && Date.now() < deadline) await sleep(5);
      const b = await replica(sqlite, keyPrefix);
      const loaderB = countingLoader(['never']);
      expect(await b.cache.get(k, loaderB, { ttlMs: 60_000 })).toMatchObject({
        value: templates,
        source: 'redis',
      });
      expect(loaderB).not.toHaveBeenCalled();

      openGate();
      await a.cache.settled();
      expect(await store.getCacheEntry(k)).toMatchObject({
        key: k,
        encoding: 'gzip',
      });
      expect(await a.redis.isLocked(`lock:${k}`)).toBe(false);
      expect(a.cache.stats().writes).toMatchObject({
        entries: 1,
        compressedEntries: 1,
      });
    });

    it('writes a loaded entry through once the other loads of the process are done', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache, redis } = await replica(sqlite, keyPrefix);
      const fast = key('pools', 'domain-c12');
      const slow = key('templates', 'domain-c12');
      let releaseSlow!: () => void;
      const slowGate = new Promise<void>(resolve => {
        releaseSlow = resolve;
      });
      const slowGet = cache.get(
        slow,
        async () => {
          await slowGate;
          return ['tpl'];
        },
        { ttlMs: 60_000 },
      );
      await cache.get(fast, countingLoader(['pool']), { ttlMs: 60_000 });
      // the other load still runs: the fast entry waits, so that load keeps the event loop
      await sleep(50);
      expect(await redis.get(fast)).toBeUndefined();
      releaseSlow();
      await slowGet;
      await cache.settled();
      expect(await redis.get(fast)).toBeDefined();
      expect(await redis.get(slow)).toBeDefined();

      // a load that never ends holds the others back only so long
      const stuck = key('templates', 'domain-c13');
      const other = key('pools', 'domain-c13');
      cache.get(stuck, () => new Promise<never>(() => {}), { ttlMs: 60_000 });
      await cache.get(other, countingLoader(['pool']), { ttlMs: 60_000 });
      const deadline = Date.now() + 3000;
      while (!(await redis.get(other)) && Date.now() < deadline)
        await sleep(20);
      expect(await redis.get(other)).toBeDefined();
    });

    it('does not leave an entry in Redis or the database when it is invalidated during its write-through', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const store = await InfraStore.create({
        database: { getClient: async () => sqlite },
      });
      let openGate!: () => void;
      const gate = new Promise<void>(resolve => {
        openGate = resolve;
      });
      const slowWrites: LayeredCacheOptions['database'] = {
        getCacheEntry: k => store.getCacheEntry(k),
        deleteCacheEntries: prefix => store.deleteCacheEntries(prefix),
        setCacheEntry: async entry => {
          await gate;
          await store.setCacheEntry(entry);
        },
      };
      const a = await replica(sqlite, keyPrefix, { database: slowWrites });
      const k = key('pools', 'domain-c11');
      await a.cache.get(k, countingLoader(['old']), { ttlMs: 60_000 });
      await a.cache.invalidate(k);
      openGate();
      await a.cache.settled();
      expect(await store.getCacheEntry(k)).toBeUndefined();
      expect(await a.redis.get(k)).toBeUndefined();
      const reload = countingLoader(['new']);
      expect(await a.cache.get(k, reload, { ttlMs: 60_000 })).toMatchObject({
        value: ['new'],
        source: 'loader',
      });
    });

    it('calls the loader once for 200 concurrent gets of a cold key', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache } = await replica(sqlite, keyPrefix);
      const loader = countingLoader({ pools: ['a', 'b'] }, 50);
      const k = key('pools', 'domain-c8');
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          cache.get(k, loader, { ttlMs: 60_000 }),
        ),
      );
      expect(loader).toHaveBeenCalledTimes(1);
      for (const r of results) expect(r.value).toEqual({ pools: ['a', 'b'] });
    });

    it('asks Redis once before loading a cold key: the miss takes the load lock', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache, redis } = await replica(sqlite, keyPrefix);
      const calls: string[] = [];
      for (const name of ['get', 'getOrLock', 'acquireLock'] as const) {
        const original = redis[name].bind(redis) as (
          ...args: unknown[]
        ) => Promise<unknown>;
        jest.spyOn(redis, name).mockImplementation(((...args: unknown[]) => {
          calls.push(name);
          return original(...args);
        }) as never);
      }
      const k = key('pools', 'domain-c11');
      let lockedDuringLoad: boolean | undefined;
      const loader = jest.fn(async () => {
        lockedDuringLoad = await redis.isLocked(`lock:${k}`);
        return ['pool-a'];
      });
      // concurrent misses share the read, and the lock it took goes to the one load
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          cache.get(k, loader, { ttlMs: 60_000 }),
        ),
      );
      expect(calls).toEqual(['getOrLock']);
      expect(loader).toHaveBeenCalledTimes(1);
      expect(lockedDuringLoad).toBe(true);
      for (const r of results) expect(r.value).toEqual(['pool-a']);
      await cache.settled();
      expect(await redis.isLocked(`lock:${k}`)).toBe(false);
      expect(cache.stats().redis).toMatchObject({ misses: 1, hits: 0 });

      // a miss that the database answers gives the lock back at once
      await redis.delete(k);
      const other = await replica(sqlite, keyPrefix);
      expect(await other.cache.get(k, loader, { ttlMs: 60_000 })).toMatchObject(
        { value: ['pool-a'], source: 'database' },
      );
      await other.cache.settled();
      expect(await redis.isLocked(`lock:${k}`)).toBe(false);
      expect(loader).toHaveBeenCalledTimes(1);
    });

    it('calls the loader once when two replicas load a cold key concurrently (Redis lock)', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const a = await replica(sqlite, keyPrefix);
      const b = await replica(sqlite, keyPrefix);
      const loader = countingLoader(['ds-1'], 300);
      const k = key('datastores', 'domain-c9');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a : b).cache.get(k, loader, { ttlMs: 60_000 }),
        ),
      );
      expect(loader).toHaveBeenCalledTimes(1);
      expect(new Set(results.map(r => JSON.stringify(r.value)))).toEqual(
        new Set(['["ds-1"]']),
      );
      expect(new Set(results.map(r => r.source))).toEqual(
        new Set(['loader', 'redis']),
      );
      const waits =
        a.cache.stats().loads.lockWaits + b.cache.stats().loads.lockWaits;
      expect(waits).toBe(1);
    });

    it('serves an expired entry stale at once and refreshes it once in the background', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache } = await replica(sqlite, keyPrefix);
      const k = key('templates', 'domain-c7');
      let version = 0;
      const loader = jest.fn(async () => {
        await sleep(100);
        return { version: ++version };
      });
      await cache.get(k, loader, { ttlMs: 150 });
      await sleep(200);

      const started = Date.now();
      const stale = await Promise.all(
        Array.from({ length: 10 }, () => cache.get(k, loader, { ttlMs: 150 })),
      );
      expect(Date.now() - started).toBeLessThan(100); // did not wait for the loader
      for (const r of stale) {
        expect(r).toMatchObject({ value: { version: 1 }, stale: true });
        expect(r.ageMs).toBeGreaterThanOrEqual(200);
        expect(r.refreshError).toBeUndefined();
      }
      await cache.settled();
      expect(loader).toHaveBeenCalledTimes(2);
      expect(await cache.get(k, loader, { ttlMs: 150 })).toMatchObject({
        value: { version: 2 },
        stale: false,
        source: 'memory',
      });
      expect(cache.stats()).toMatchObject({
        staleServes: 10,
        loads: { count: 2, backgroundRefreshes: 1 },
      });
    });

    it('serves the last good entry with its age when the loader fails, and throws when nothing is cached', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache } = await replica(sqlite, keyPrefix, {
        refreshRetryMs: 60_000,
      });
      const k = key('networks', 'domain-c10');
      await cache.get(k, countingLoader(['net-1']), { ttlMs: 50 });
      await sleep(120);
      const down = jest.fn(async () => {
        throw new Error('connect ECONNREFUSED 10.0.0.5:443');
      });

      // past staleServeMaxMs the caller waits for the load, which fails: the old entry answers
      const waited = await cache.get(k, down, {
        ttlMs: 50,
        staleServeMaxMs: 10,
      });
      expect(waited).toMatchObject({
        value: ['net-1'],
        stale: true,
        refreshError: expect.stringContaining('ECONNREFUSED'),
      });
      expect(waited.ageMs).toBeGreaterThanOrEqual(120);
      expect(down).toHaveBeenCalledTimes(1);

      // within refreshRetryMs vCenter is not asked again; the answer still says why it is stale
      const again = await cache.get(k, down, { ttlMs: 50 });
      expect(again).toMatchObject({
        value: ['net-1'],
        stale: true,
        refreshError: expect.stringContaining('ECONNREFUSED'),
      });
      expect(down).toHaveBeenCalledTimes(1);
      expect(cache.stats()).toMatchObject({
        refreshErrors: 1,
        loads: { errors: 1 },
      });

      const cold = key('networks', 'domain-c11');
      const error = await cache
        .get(cold, down, { ttlMs: 50 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect((error as Error).message).toMatch(
        /Nothing cached under .*domain-c11 and loading it failed: .*ECONNREFUSED/,
      );
    });

    it('gzips large entries in Redis and the database and counts the sizes', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache, store, redis } = await replica(sqlite, keyPrefix, {
        compression: { compressThresholdBytes: 1024, gzipLevel: 6 },
      });
      const big = key('templates', 'domain-c7');
      const small = key('networks', 'domain-c7');
      await cache.get(big, countingLoader(templates), { ttlMs: 60_000 });
      await cache.get(small, countingLoader(['n']), { ttlMs: 60_000 });
      await cache.settled(); // the write-through runs after the answer

      const row = await store.getCacheEntry(big);
      expect(row?.encoding).toBe('gzip');
      expect(unpackEntry((await redis.get(big))!)?.encoding).toBe('gzip');
      expect((await store.getCacheEntry(small))?.encoding).toBe('json');

      const { writes } = cache.stats();
      expect(writes.entries).toBe(2);
      expect(writes.compressedEntries).toBe(1);
      const raw = Buffer.byteLength(JSON.stringify(templates));
      expect(row!.value.length).toBeLessThanOrEqual(raw * 0.4);
      expect(writes.rawBytes).toBe(raw + 5);
      expect(writes.storedBytes).toBe(row!.value.length + 5);

      // another replica decodes it back to the same value
      const other = await replica(sqlite, keyPrefix);
      expect(
        (await other.cache.get(big, countingLoader([]), { ttlMs: 60_000 }))
          .value,
      ).toEqual(templates);
    });

    it('keys entries by the credentials identity, not the password', async () => {
      const { keyPrefix } = uniqueKeys();
      const { cache } = await replica(sqlite, keyPrefix);
      const vcenterUrl = `https://vc-${randomUUID()}.example.com/sdk`;
      const keyFor = (credentials: { username: string; password: string }) =>
        cacheKey({
          namespace: cacheNamespace({ vcenterUrl, ...credentials }),
          kind: 'pools',
          id: 'domain-c7',
        });
      const admin = keyFor({ username: 'admin', password: 'one' });
      await cache.get(admin, countingLoader(['all pools']), { ttlMs: 60_000 });

      const rotated = countingLoader(['never']);
      expect(
        await cache.get(
          keyFor({ username: 'admin', password: 'two' }),
          rotated,
          {
            ttlMs: 60_000,
          },
        ),
      ).toMatchObject({ value: ['all pools'], source: 'memory' });
      expect(rotated).not.toHaveBeenCalled();

      const reader = countingLoader(['visible pools']);
      expect(
        await cache.get(
          keyFor({ username: 'reader', password: 'one' }),
          reader,
          {
            ttlMs: 60_000,
          },
        ),
      ).toMatchObject({ value: ['visible pools'], source: 'loader' });
    });

    it('does not store a value whose key was invalidated while it loaded', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache, store } = await replica(sqlite, keyPrefix);
      const k = key('pools', 'racing');
      const loader = countingLoader(['before the change'], 200);
      const pending = cache.get(k, loader, { ttlMs: 60_000 });
      await sleep(50);
      await cache.invalidate(k);
      expect((await pending).value).toEqual(['before the change']);
      await cache.settled();
      expect(await store.getCacheEntry(k)).toBeUndefined();

      const after = countingLoader(['after the change']);
      expect(await cache.get(k, after, { ttlMs: 60_000 })).toMatchObject({
        value: ['after the change'],
        source: 'loader',
      });
      // an invalidation of another key does not keep a load out of the layers
      const other = cache.get(key('pools', 'other'), loader, { ttlMs: 60_000 });
      await sleep(50);
      await cache.invalidate(key('pools', 'unrelated'));
      await other;
      await cache.settled();
      expect(await store.getCacheEntry(key('pools', 'other'))).toBeDefined();
    });

    it('loads an invalidated key without reading the database first, and falls back to it when the load fails', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache, store } = await replica(sqlite, keyPrefix);
      const k = key('pools', 'invalidated');
      await cache.get(k, countingLoader(['v1']), { ttlMs: 60_000 });
      await cache.settled();
      await cache.invalidate(k);

      const reads = jest.spyOn(store, 'getCacheEntry');
      const loader = countingLoader(['v2']);
      expect(await cache.get(k, loader, { ttlMs: 60_000 })).toMatchObject({
        value: ['v2'],
        source: 'loader',
      });
      expect(reads).not.toHaveBeenCalled();
      expect(loader).toHaveBeenCalledTimes(1);
      await cache.settled();

      // another replica stored it in the database alone (its Redis write failed): when vCenter
      // fails, that entry is still the answer
      await cache.invalidate(k);
      await store.setCacheEntry({
        key: k,
        value: Buffer.from('["kept"]'),
        encoding: 'json',
        storedAt: Date.now() - 120_000,
        expiresAt: Date.now() - 60_000,
      });
      const failing = jest.fn(async () => {
        throw new Error('vCenter down');
      });
      expect(await cache.get(k, failing, { ttlMs: 60_000 })).toMatchObject({
        value: ['kept'],
        stale: true,
        source: 'database',
        refreshError: expect.stringContaining('vCenter down'),
      });
      expect(reads).toHaveBeenCalledTimes(1);
      reads.mockRestore();
    });

    it('hands out frozen values so one caller cannot change what others read', async () => {
      const { keyPrefix, key } = uniqueKeys();
      const { cache } = await replica(sqlite, keyPrefix);
      const k = key('pools', 'frozen');
      const { value } = await cache.get(k, countingLoader({ list: [1] }), {
        ttlMs: 60_000,
      });
      expect(() => (value.list as number[]).push(2)).toThrow(TypeError);
      expect(
        (await cache.get(k, countingLoader({ list: [] }), { ttlMs: 60_000 }))
          .value,
      ).toEqual({ list: [1] });
    });
  },
);
