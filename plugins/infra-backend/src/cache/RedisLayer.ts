import { LoggerService } from '@backstage/backend-plugin-api';
import Redis from 'ioredis';

/** Redis availability as the status API reports it. */
export type RedisState = 'disabled' | 'connected' | 'unavailable';

/**
 * The Redis layer of the cache. It never queues commands while Redis is down: a read or write
 * fails at once (callers fall through to the database layer) and ioredis reconnects by itself.
 */
export class RedisLayer {
  private readonly redis: Redis;

  constructor(
    connection: string,
    private readonly logger: LoggerService,
    options: { keyPrefix?: string; commandTimeoutMs?: number } = {},
  ) {
    this.redis = new Redis(connection, {
      keyPrefix: options.keyPrefix,
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      // keep retrying for ever, at most every 2 s, so an outage heals without a restart
      retryStrategy: times => Math.min(times * 100, 2000),
    });
    let wasReady = false;
    this.redis.on('ready', () => {
      wasReady = true;
      this.logger.info('Redis cache layer connected');
    });
    this.redis.on('error', error => {
      if (wasReady) {
        wasReady = false;
        this.logger.warn(
          `Redis cache layer unavailable, serving from memory and database: ${error.message}`,
        );
      }
    });
  }

  get state(): RedisState {
    return this.redis.status === 'ready' ? 'connected' : 'unavailable';
  }

  /** Resolves once connected, or rejects after `timeoutMs`. */
  async ready(timeoutMs = 5000): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error(`Redis not ready after ${timeoutMs} ms`));
      }, timeoutMs);
      this.redis.once('ready', onReady);
    });
  }

  async get(key: string): Promise<Buffer | undefined> {
    const value = await this.redis.getBuffer(key);
    return value ?? undefined;
  }

  async set(key: string, value: Buffer, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
