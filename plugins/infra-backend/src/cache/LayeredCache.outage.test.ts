import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  describeWith,
  redisServerRequirement,
  RunningRedisServer,
  startRedisServer,
} from '@internal/infra-test-utils';
import { InfraStore } from '../database/InfraStore';
import { cacheKey, cacheNamespace } from './cacheKey';
import { LayeredCache } from './LayeredCache';
import { RedisLayer } from './RedisLayer';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function eventually(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describeWith(redisServerRequirement)(
  'LayeredCache through a Redis outage (own redis-server, real SQLite)',
  () => {
    const logger = mockServices.logger.mock();
    let server: RunningRedisServer;

    beforeAll(async () => {
      server = await startRedisServer();
    });
    afterAll(() => server?.stop());

    it('keeps answering from memory and the database while Redis is down, and reconnects by itself', async () => {
      const knex = await databases.init('SQLITE_3');
      const store = await InfraStore.create({
        database: { getClient: async () => knex },
      });
      const namespace = cacheNamespace({
        vcenterUrl: 'https://vc1.example.com/sdk',
        username: 'svc',
      });
      const key = (id: string) => cacheKey({ namespace, kind: 'pools', id });
      const redisA = new RedisLayer(server.url, logger);
      const redisB = new RedisLayer(server.url, logger);
      const a = new LayeredCache({ database: store, redis: redisA, logger });
      const b = new LayeredCache({ database: store, redis: redisB, logger });
      try {
        await Promise.all([a.ready(), b.ready()]);
        const loader = jest.fn(async () => ['pool']);
        await a.get(key('c1'), loader, { ttlMs: 60_000 });
        await a.get(key('c2'), loader, { ttlMs: 60_000 });
        await a.settled(); // the write-through runs after the answer
        expect(await redisA.get(key('c1'))).toBeDefined();

        await server.stop();
        await eventually(() => a.stats().redis.state === 'unavailable', 3000);

        // memory answers on A; B's memory is empty, so the database answers; a new key loads
        const started = Date.now();
        expect(await a.get(key('c1'), loader, { ttlMs: 60_000 })).toMatchObject(
          { value: ['pool'], source: 'memory' },
        );
        expect(await b.get(key('c2'), loader, { ttlMs: 60_000 })).toMatchObject(
          { value: ['pool'], source: 'database' },
        );
        expect(await b.get(key('c3'), loader, { ttlMs: 60_000 })).toMatchObject(
          { value: ['pool'], source: 'loader' },
        );
        // invalidation still clears memory and the database; Redis gets it on reconnect
        await a.invalidate(key('c1'));
        expect(await store.getCacheEntry(key('c1'))).toBeUndefined();
        expect(Date.now() - started).toBeLessThan(2000); // nothing waited on Redis
        expect(loader).toHaveBeenCalledTimes(3);
        expect(b.stats().redis).toMatchObject({ state: 'unavailable' });
        expect(b.stats().redis.errors).toBeGreaterThan(0);

        // long enough for several reconnect attempts to fail first
        await sleep(1000);
        // the same cache objects reconnect once Redis is back, within the 2 s retry ceiling
        await server.restart();
        await eventually(
          () =>
            a.stats().redis.state === 'connected' &&
            b.stats().redis.state === 'connected',
          5000,
        );
        await Promise.all([a.ready(), b.ready()]);
        await a.get(key('c4'), loader, { ttlMs: 60_000 });
        await a.settled();
        expect(await redisA.get(key('c4'))).toBeDefined();
        expect(logger.info).toHaveBeenCalledWith(
          'Replayed 1 cache invalidations that Redis missed during its outage',
        );

        // one warning per connection per outage, not one per failed call
        const outageWarnings = logger.warn.mock.calls.filter(([message]) =>
          String(message).startsWith('Redis cache layer unavailable'),
        );
        expect(outageWarnings).toHaveLength(2);
      } finally {
        await a.close();
        await b.close();
        await redisA.close();
        await redisB.close();
      }
    }, 30_000);
  },
);
