import { mockServices } from '@backstage/backend-test-utils';
import {
  describeWith,
  redisRequirement,
  REDIS_CONNECTION,
} from '@internal/infra-test-utils';
import { randomUUID } from 'node:crypto';
import { RedisLayer } from './RedisLayer';

describeWith(redisRequirement)('RedisLayer (real Redis)', () => {
  const logger = mockServices.logger.mock();
  let layer: RedisLayer;

  beforeAll(async () => {
    layer = new RedisLayer(REDIS_CONNECTION, logger, {
      keyPrefix: `infra-test:${randomUUID()}:`,
    });
    await layer.ready();
  });
  afterAll(() => layer.close());

  it('round-trips binary values with a TTL', async () => {
    const value = Buffer.from([0x1f, 0x8b, 0, 255]);
    await layer.set('k1', value, 60_000);
    expect(await layer.get('k1')).toEqual(value);
    expect(layer.state).toBe('connected');

    await layer.set('short', Buffer.from('x'), 50);
    await new Promise(r => setTimeout(r, 120));
    expect(await layer.get('short')).toBeUndefined();

    await layer.delete('k1');
    expect(await layer.get('k1')).toBeUndefined();
  });

  it('deletes by prefix literally, whatever glob characters the prefix holds', async () => {
    for (const k of ['vc*1:a', 'vc*1:b', 'vcX1:a', 'vc*2:a']) {
      await layer.set(k, Buffer.from(k), 60_000);
    }
    expect(await layer.deletePrefix('vc*1:')).toBe(2);
    expect(await layer.get('vc*1:a')).toBeUndefined();
    expect(await layer.get('vcX1:a')).toBeDefined();
    expect(await layer.get('vc*2:a')).toBeDefined();
  });

  it('grants a lock to one token and releases it only for that token', async () => {
    const lock = `lock:${randomUUID()}`;
    expect(await layer.acquireLock(lock, 'a', 5_000)).toBe(true);
    expect(await layer.acquireLock(lock, 'b', 5_000)).toBe(false);
    expect(await layer.isLocked(lock)).toBe(true);
    expect(await layer.releaseLock(lock, 'b')).toBe(false);
    expect(await layer.isLocked(lock)).toBe(true);
    expect(await layer.releaseLock(lock, 'a')).toBe(true);
    expect(await layer.isLocked(lock)).toBe(false);

    // a lapsed lock is free for the next replica
    expect(await layer.acquireLock(lock, 'c', 50)).toBe(true);
    await new Promise(r => setTimeout(r, 120));
    expect(await layer.acquireLock(lock, 'd', 5_000)).toBe(true);
    expect(await layer.releaseLock(lock, 'c')).toBe(false);
    await layer.releaseLock(lock, 'd');
  });

  it('reads a value or takes the lock in one call, under the key prefix', async () => {
    const key = `v:${randomUUID()}`;
    const lock = `lock:${key}`;
    // a miss takes the lock for the first caller only
    expect(await layer.getOrLock(key, lock, 'a', 5_000)).toEqual({
      value: undefined,
      locked: true,
    });
    expect(await layer.getOrLock(key, lock, 'b', 5_000)).toEqual({
      value: undefined,
      locked: false,
    });
    expect(await layer.isLocked(lock)).toBe(true);
    expect(await layer.releaseLock(lock, 'a')).toBe(true);

    // a hit returns the bytes as they are and leaves the lock alone
    const value = Buffer.from([0x49, 0, 0xff, 0x1f, 0x8b]);
    await layer.set(key, value, 60_000);
    expect(await layer.getOrLock(key, lock, 'c', 5_000)).toEqual({
      value,
      locked: false,
    });
    expect(await layer.isLocked(lock)).toBe(false);
    await layer.delete(key);
  });

  it('delivers published messages to the subscribers under the same key prefix only', async () => {
    const keyPrefix = `infra-test:${randomUUID()}:`;
    const publisher = new RedisLayer(REDIS_CONNECTION, logger, { keyPrefix });
    // another replica of the same deployment, and one of another deployment on the same Redis
    const replica = new RedisLayer(REDIS_CONNECTION, logger, { keyPrefix });
    const stranger = new RedisLayer(REDIS_CONNECTION, logger, {
      keyPrefix: `infra-test:${randomUUID()}:`,
    });
    const channel = 'invalidate';
    const received: string[] = [];
    const overheard: string[] = [];
    const unsubscribe = [
      replica.subscribe(channel, m => received.push(m)),
      stranger.subscribe(channel, m => overheard.push(m)),
    ];
    try {
      await replica.subscribed(channel);
      await stranger.subscribed(channel);
      await publisher.publish(channel, 'hello');
      const deadline = Date.now() + 2000;
      while (received.length === 0 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 10));
      }
      expect(received).toEqual(['hello']);
      // a message of its own prefix reaches the stranger, so it would have had the first by now
      await stranger.publish(channel, 'own');
      const ownDeadline = Date.now() + 2000;
      while (overheard.length === 0 && Date.now() < ownDeadline) {
        await new Promise(r => setTimeout(r, 10));
      }
      expect(overheard).toEqual(['own']);
    } finally {
      unsubscribe.forEach(u => u());
      await Promise.all([publisher, replica, stranger].map(l => l.close()));
    }
  });

  it('fails fast instead of queueing when Redis is unreachable', async () => {
    const dead = new RedisLayer('redis://127.0.0.1:1', logger);
    const started = Date.now();
    await expect(dead.get('k')).rejects.toThrow();
    // queueing would wait for a reconnect that never comes; the bound is loose for loaded machines
    expect(Date.now() - started).toBeLessThan(5000);
    expect(dead.state).toBe('unavailable');
    await dead.close();
  });
});
