import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { LayeredCacheStats } from './CacheStats';
import { registerCacheMetrics } from './cacheMetrics';

type Callback = (result: {
  observe(value: number, attributes?: Record<string, string>): void;
}) => void;

/** Collects what observable instruments report, like an exporter's collection pass. */
function collectingMetrics() {
  const callbacks = new Map<string, Set<Callback>>();
  const observable = (name: string) => {
    const set = new Set<Callback>();
    callbacks.set(name, set);
    return {
      addCallback: (cb: Callback) => set.add(cb),
      removeCallback: (cb: Callback) => set.delete(cb),
    };
  };
  const metrics = {
    createObservableCounter: observable,
    createObservableGauge: observable,
  } as unknown as MetricsService;
  const collect = () => {
    const out: Record<string, Array<[number, Record<string, string>?]>> = {};
    for (const [name, set] of callbacks) {
      for (const cb of set) {
        cb({
          observe: (v, a) => (out[name] ??= []).push(a ? [v, a] : [v]),
        });
      }
    }
    return out;
  };
  return { metrics, collect };
}

const stats: LayeredCacheStats = {
  memory: {
    entries: 2,
    bytes: 300,
    maxBytes: 1000,
    hits: 7,
    misses: 3,
    evictions: 0,
  },
  redis: { state: 'connected', hits: 2, misses: 1, errors: 4 },
  database: { hits: 1, misses: 0, errors: 0 },
  loads: {
    count: 5,
    errors: 1,
    inFlight: 0,
    backgroundRefreshes: 1,
    lockWaits: 0,
    durations: { samples: 5, p50Ms: 12, p95Ms: 80, maxMs: 90, lastMs: 10 },
  },
  staleServes: 3,
  refreshErrors: 1,
  writes: {
    entries: 4,
    compressedEntries: 1,
    rawBytes: 5000,
    storedBytes: 900,
  },
  invalidations: { local: 2, remote: 5 },
};

describe('registerCacheMetrics', () => {
  it('reports the cache figures on each collection, until unregistered', () => {
    const { metrics, collect } = collectingMetrics();
    const unregister = registerCacheMetrics(metrics, { stats: () => stats });
    const collected = collect();
    expect(collected['infra.cache.hits']).toEqual([
      [7, { layer: 'memory' }],
      [2, { layer: 'redis' }],
      [1, { layer: 'database' }],
    ]);
    expect(collected['infra.cache.loads']).toEqual([
      [4, { outcome: 'ok' }],
      [1, { outcome: 'error' }],
    ]);
    expect(collected['infra.cache.load_duration']).toContainEqual([
      80,
      { quantile: 'p95' },
    ]);
    expect(collected['infra.cache.written_bytes']).toEqual([
      [5000, { stage: 'raw' }],
      [900, { stage: 'stored' }],
    ]);
    expect(collected['infra.cache.redis_available']).toEqual([[1]]);
    expect(collected['infra.cache.written_entries']).toEqual([
      [1, { encoding: 'gzip' }],
      [3, { encoding: 'json' }],
    ]);
    expect(collected['infra.cache.background_refreshes']).toEqual([[1]]);
    expect(collected['infra.cache.lock_waits']).toEqual([[0]]);
    expect(collected['infra.cache.invalidations']).toEqual([
      [2, { origin: 'local' }],
      [5, { origin: 'remote' }],
    ]);

    unregister();
    expect(collect()).toEqual({});
  });
});
