/** Wire types of the status API (`GET /api/infra/status`). */

/** Redis availability as the cache sees it. @public */
export type RedisState = 'disabled' | 'connected' | 'unavailable';

/** Counters of a shared cache layer (Redis or the database). @public */
export interface CacheLayerCounters {
  hits: number;
  misses: number;
  /** Reads and writes that failed (each was treated as a miss or skipped). */
  errors: number;
}

/** Percentiles of the most recent load durations. @public */
export interface CacheDurationSummary {
  /** How many recent loads the figures cover. */
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  lastMs: number;
}

/** The layered cache's figures, for the status API and metrics. @public */
export interface InfraCacheStats {
  memory: {
    entries: number;
    bytes: number;
    maxBytes: number;
    hits: number;
    misses: number;
    evictions: number;
  };
  redis: CacheLayerCounters & { state: RedisState };
  database: CacheLayerCounters;
  loads: {
    /** Loader calls, successful or not. */
    count: number;
    errors: number;
    inFlight: number;
    /** Calls made to refresh an expired entry while it was being served stale. */
    backgroundRefreshes: number;
    /** Times this replica waited for another replica's load instead of loading. */
    lockWaits: number;
    durations: CacheDurationSummary;
  };
  /** Answers with `stale: true`. */
  staleServes: number;
  /** Failed loads answered from an older entry. */
  refreshErrors: number;
  /** Sizes of the entries written, before and after compression. */
  writes: {
    entries: number;
    compressedEntries: number;
    rawBytes: number;
    storedBytes: number;
  };
  invalidations: { local: number; remote: number };
}

/** What the infra backend reports about itself and its storage. @public */
export interface InfraBackendStatus {
  plugin: 'infra';
  database: { client: string; ok: boolean };
  cache: { redis: RedisState; stats?: InfraCacheStats };
}
