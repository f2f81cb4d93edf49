import type {
  CacheDurationSummary as DurationSummary,
  CacheLayerCounters as LayerCounters,
} from '@infra-inventory/plugin-infra-common';

export type {
  CacheDurationSummary as DurationSummary,
  CacheLayerCounters as LayerCounters,
  InfraCacheStats as LayeredCacheStats,
} from '@infra-inventory/plugin-infra-common';

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The last `capacity` durations, enough for percentiles without unbounded memory. */
export class DurationWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private last = 0;

  constructor(private readonly capacity = 200) {}

  add(ms: number): void {
    this.last = ms;
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
  }

  summary(): DurationSummary {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length === 0
        ? 0
        : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    return {
      samples: sorted.length,
      p50Ms: round(at(0.5)),
      p95Ms: round(at(0.95)),
      maxMs: round(sorted[sorted.length - 1] ?? 0),
      lastMs: round(this.last),
    };
  }
}

/** The mutable counters behind {@link LayeredCacheStats}, minus what the layers count themselves. */
export class CacheCounters {
  readonly redis: LayerCounters = { hits: 0, misses: 0, errors: 0 };
  readonly database: LayerCounters = { hits: 0, misses: 0, errors: 0 };
  readonly loads = {
    count: 0,
    errors: 0,
    backgroundRefreshes: 0,
    lockWaits: 0,
  };
  staleServes = 0;
  refreshErrors = 0;
  readonly writes = {
    entries: 0,
    compressedEntries: 0,
    rawBytes: 0,
    storedBytes: 0,
  };
  readonly invalidations = { local: 0, remote: 0 };

  constructor(readonly durations: DurationWindow) {}
}
