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

  it('fails fast instead of queueing when Redis is unreachable', async () => {
    const dead = new RedisLayer('redis://127.0.0.1:1', logger);
    const started = Date.now();
    await expect(dead.get('k')).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(dead.state).toBe('unavailable');
    await dead.close();
  });
});
