import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { LayeredCacheStats } from './CacheStats';

/**
 * Publishes a cache's figures as metrics, read from its `stats()` whenever they are collected, so
 * the request path pays nothing for them. Returns the function that stops publishing.
 */
export function registerCacheMetrics(
  metrics: MetricsService,
  cache: { stats(): LayeredCacheStats },
): () => void {
  const registrations: Array<() => void> = [];
  const observe = (
    instrument: ReturnType<MetricsService['createObservableGauge']>,
    read: (
      stats: LayeredCacheStats,
      observe: (value: number, attributes?: Record<string, string>) => void,
    ) => void,
  ) => {
    const callback = (result: {
      observe(value: number, attributes?: Record<string, string>): void;
    }) => read(cache.stats(), (v, a) => result.observe(v, a));
    instrument.addCallback(callback);
    registrations.push(() => instrument.removeCallback(callback));
  };

  observe(
    metrics.createObservableCounter('infra.cache.hits', {
      description: 'Cache reads answered, per layer',
    }),
    (s, o) => {
      o(s.memory.hits, { layer: 'memory' });
      o(s.redis.hits, { layer: 'redis' });
      o(s.database.hits, { layer: 'database' });
    },
  );
  observe(
    metrics.createObservableCounter('infra.cache.misses', {
      description: 'Cache reads not answered, per layer',
    }),
    (s, o) => {
      o(s.memory.misses, { layer: 'memory' });
      o(s.redis.misses, { layer: 'redis' });
      o(s.database.misses, { layer: 'database' });
    },
  );
  observe(
    metrics.createObservableCounter('infra.cache.layer_errors', {
      description: 'Failed reads and writes of a shared layer',
    }),
    (s, o) => {
      o(s.redis.errors, { layer: 'redis' });
      o(s.database.errors, { layer: 'database' });
    },
  );
  observe(
    metrics.createObservableCounter('infra.cache.loads', {
      description: 'Loader calls, by outcome',
    }),
    (s, o) => {
      o(s.loads.count - s.loads.errors, { outcome: 'ok' });
      o(s.loads.errors, { outcome: 'error' });
    },
  );
  observe(
    metrics.createObservableGauge('infra.cache.load_duration', {
      description: 'Load durations over the recent loads',
      unit: 'ms',
    }),
    (s, o) => {
      o(s.loads.durations.p50Ms, { quantile: 'p50' });
      o(s.loads.durations.p95Ms, { quantile: 'p95' });
      o(s.loads.durations.maxMs, { quantile: 'max' });
    },
  );
  observe(
    metrics.createObservableCounter('infra.cache.stale_serves', {
      description: 'Answers past their TTL',
    }),
    (s, o) => o(s.staleServes),
  );
  observe(
    metrics.createObservableCounter('infra.cache.refresh_errors', {
      description: 'Failed refreshes answered with an older entry',
    }),
    (s, o) => o(s.refreshErrors),
  );
  observe(
    metrics.createObservableCounter('infra.cache.written_bytes', {
      description: 'Sizes of written entries before and after compression',
      unit: 'By',
    }),
    (s, o) => {
      o(s.writes.rawBytes, { stage: 'raw' });
      o(s.writes.storedBytes, { stage: 'stored' });
    },
  );
  observe(
    metrics.createObservableCounter('infra.cache.written_entries', {
      description:
        'Entries written through to Redis and the database, by encoding',
    }),
    (s, o) => {
      o(s.writes.compressedEntries, { encoding: 'gzip' });
      o(s.writes.entries - s.writes.compressedEntries, { encoding: 'json' });
    },
  );
  observe(
    metrics.createObservableCounter('infra.cache.background_refreshes', {
      description:
        'Expired entries answered stale and refreshed in the background',
    }),
    (s, o) => o(s.loads.backgroundRefreshes),
  );
  observe(
    metrics.createObservableCounter('infra.cache.lock_waits', {
      description:
        'Loads that waited for another replica holding the Redis load lock',
    }),
    (s, o) => o(s.loads.lockWaits),
  );
  observe(
    metrics.createObservableCounter('infra.cache.invalidations', {
      description:
        'Invalidations applied: local (this replica asked) or remote (another replica, through Redis pub/sub)',
    }),
    (s, o) => {
      o(s.invalidations.local, { origin: 'local' });
      o(s.invalidations.remote, { origin: 'remote' });
    },
  );
  observe(
    metrics.createObservableGauge('infra.cache.memory_bytes', {
      description: 'Bytes held by the in-process layer',
      unit: 'By',
    }),
    (s, o) => o(s.memory.bytes),
  );
  observe(
    metrics.createObservableGauge('infra.cache.redis_available', {
      description:
        '1 when Redis is connected, 0 when unavailable (absent when disabled)',
    }),
    (s, o) => {
      if (s.redis.state !== 'disabled') {
        o(s.redis.state === 'connected' ? 1 : 0);
      }
    },
  );

  return () => registrations.splice(0).forEach(remove => remove());
}
