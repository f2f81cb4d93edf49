import { LoggerService } from '@backstage/backend-plugin-api';
import Redis from 'ioredis';

import type { RedisState } from '@infra-inventory/plugin-infra-common';

export type { RedisState };

// Deletes the lock only while it still holds our token, so a holder whose lock expired (a slow
// load) cannot release the lock another replica has taken since.
const RELEASE_LOCK_LUA = `if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

// A read that misses takes the load lock in the same round trip: a cold key costs one exchange
// with Redis before loading, and nobody can store the entry between the read and the lock.
const GET_OR_LOCK_LUA = `local value = redis.call('get', KEYS[1])
if value then
  return {1, value}
end
if redis.call('set', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then
  return {0, 1}
end
return {0, 0}`;

/** What {@link RedisLayer.getOrLock} found. */
export type GetOrLockResult =
  | { value: Buffer; locked: false }
  | { value: undefined; locked: boolean };

type GetOrLockCommand = (
  key: string,
  lockKey: string,
  token: string,
  ttlMs: number,
) => Promise<[number, Buffer | number]>;

// SCAN takes a glob pattern; a key prefix must match literally.
const escapeGlob = (text: string) => text.replace(/[*?[\]\\]/g, c => `\\${c}`);

/**
 * The Redis layer of the cache. It never queues commands while Redis is down: a read or write
 * fails at once (callers fall through to the database layer) and ioredis reconnects by itself.
 * Besides values it provides the locks and the pub/sub channel that replicas coordinate through.
 */
export class RedisLayer {
  private readonly redis: Redis;
  private readonly keyPrefix: string;
  private subscriber: Redis | undefined;
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly subscribedListeners = new Set<() => void>();
  private readonly activeChannels = new Set<string>();
  private closing = false;

  constructor(
    connection: string,
    private readonly logger: LoggerService,
    options: { keyPrefix?: string; commandTimeoutMs?: number } = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? '';
    this.redis = new Redis(connection, {
      keyPrefix: options.keyPrefix,
      lazyConnect: false,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 500,
      // keep retrying for ever, at most every 2 s, so an outage heals without a restart
      retryStrategy: times => Math.min(times * 100, 2000),
    });
    // EVALSHA after the first call (ioredis loads the script again when Redis lost it)
    this.redis.defineCommand('infraGetOrLock', {
      numberOfKeys: 2,
      lua: GET_OR_LOCK_LUA,
    });
    // one warning per outage: every reconnect attempt fails with an error, and a server that
    // dies without one (SIGKILL, network drop) only closes the connection
    let connected = false;
    let warned = false;
    const down = (reason: string) => {
      connected = false;
      if (!warned && !this.closing) {
        warned = true;
        this.logger.warn(
          `Redis cache layer unavailable, serving from memory and database: ${reason}`,
        );
      }
    };
    this.redis.on('ready', () => {
      connected = true;
      warned = false;
      this.logger.info('Redis cache layer connected');
    });
    this.redis.on('error', error => down(error.message));
    this.redis.on('close', () => {
      if (connected) down('connection closed');
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

  /** Deletes every key starting with `prefix` (SCAN, not KEYS, so Redis never blocks); returns how many went. */
  async deletePrefix(prefix: string): Promise<number> {
    // SCAN neither applies nor strips the client's key prefix, DEL applies it
    const pattern = `${escapeGlob(this.keyPrefix + prefix)}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        pattern,
        'COUNT',
        500,
      );
      cursor = next;
      if (keys.length > 0) {
        deleted += await this.redis.unlink(
          ...keys.map(k => k.slice(this.keyPrefix.length)),
        );
      }
    } while (cursor !== '0');
    return deleted;
  }

  /**
   * The value under `key`, or, when there is none, an attempt to take the lock `lockKey` for
   * `ttlMs` (as {@link RedisLayer.acquireLock}), in one round trip. `locked` says whether this
   * call took it. The two keys must live on the same server (no Redis Cluster).
   */
  async getOrLock(
    key: string,
    lockKey: string,
    token: string,
    ttlMs: number,
  ): Promise<GetOrLockResult> {
    const command = (
      this.redis as unknown as { infraGetOrLockBuffer: GetOrLockCommand }
    ).infraGetOrLockBuffer;
    const [found, second] = await command.call(
      this.redis,
      key,
      lockKey,
      token,
      Math.max(1, Math.round(ttlMs)),
    );
    if (found === 1 && Buffer.isBuffer(second)) {
      return { value: second, locked: false };
    }
    return { value: undefined, locked: second === 1 };
  }

  /** Takes the lock `key` for `ttlMs` unless someone holds it; true when taken. */
  async acquireLock(
    key: string,
    token: string,
    ttlMs: number,
  ): Promise<boolean> {
    const result = await this.redis.set(
      key,
      token,
      'PX',
      Math.max(1, Math.round(ttlMs)),
      'NX',
    );
    return result === 'OK';
  }

  /** Releases the lock `key` if `token` still holds it; true when released. */
  async releaseLock(key: string, token: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE_LOCK_LUA, 1, key, token)) === 1;
  }

  /** Whether anyone holds the lock `key`. */
  async isLocked(key: string): Promise<boolean> {
    return (await this.redis.exists(key)) === 1;
  }

  /**
   * Sends `message` to every subscriber of `channel` under this layer's key prefix. ioredis
   * prefixes keys, not channels: the prefix is added here, so the replicas that share the keys
   * share the messages, and deployments (or tests) that share a Redis under other prefixes hear
   * none of each other's.
   */
  async publish(channel: string, message: string): Promise<void> {
    await this.redis.publish(this.keyPrefix + channel, message);
  }

  /**
   * Calls `onMessage` for every message on channel `name` under this layer's key prefix (see
   * {@link RedisLayer.publish}), through a second connection (a subscribed connection cannot run
   * other commands). Returns the function that unsubscribes.
   */
  subscribe(name: string, onMessage: (message: string) => void): () => void {
    const channel = this.keyPrefix + name;
    const subscriber = this.ensureSubscriber();
    let handlers = this.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      this.handlers.set(channel, handlers);
      if (subscriber.status === 'ready') {
        subscriber.subscribe(channel).then(
          () => this.activeChannels.add(channel),
          () => {
            // retried on the next 'ready'
          },
        );
      }
    }
    handlers.add(onMessage);
    return () => {
      const set = this.handlers.get(channel);
      set?.delete(onMessage);
      if (set?.size === 0) {
        this.handlers.delete(channel);
        this.activeChannels.delete(channel);
        subscriber.unsubscribe(channel).catch(() => {
          // the connection is gone, and with it the subscription
        });
      }
    };
  }

  /**
   * Resolves once Redis has confirmed the subscription to `name`, or rejects after
   * `timeoutMs`; messages published before that are not received.
   */
  async subscribed(name: string, timeoutMs = 5000): Promise<void> {
    const channel = this.keyPrefix + name;
    const deadline = Date.now() + timeoutMs;
    while (!this.activeChannels.has(channel)) {
      if (Date.now() > deadline) {
        throw new Error(`Not subscribed to ${channel} after ${timeoutMs} ms`);
      }
      await new Promise(r => setTimeout(r, 20));
    }
  }

  /**
   * Calls `listener` each time the subscriptions are (re)established, the first time included:
   * messages published while there was no subscription are lost, so whatever they would have
   * invalidated must be.
   */
  onSubscribed(listener: () => void): () => void {
    this.subscribedListeners.add(listener);
    return () => this.subscribedListeners.delete(listener);
  }

  /** Calls `listener` each time the command connection becomes ready. */
  onReady(listener: () => void): () => void {
    this.redis.on('ready', listener);
    return () => this.redis.off('ready', listener);
  }

  private ensureSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    // subscriptions are restored by hand on 'ready', so a failed first SUBSCRIBE is retried too
    const subscriber = this.redis.duplicate({ autoResubscribe: false });
    subscriber.on('ready', () => {
      const channels = [...this.handlers.keys()];
      if (channels.length === 0) return;
      subscriber.subscribe(...channels).then(
        () => {
          channels.forEach(c => this.activeChannels.add(c));
          for (const listener of this.subscribedListeners) listener();
        },
        error => this.logger.warn(`Redis subscribe failed: ${error.message}`),
      );
    });
    subscriber.on('close', () => this.activeChannels.clear());
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(message);
        } catch (error) {
          this.logger.warn(
            `Redis message handler failed on ${channel}: ${error}`,
          );
        }
      }
    });
    // the command connection logs outages; without a listener ioredis would still be silent,
    // but an explicit one documents that errors here are expected during an outage
    subscriber.on('error', () => {});
    this.subscriber = subscriber;
    return subscriber;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.subscriber?.disconnect();
    this.redis.disconnect();
  }
}
