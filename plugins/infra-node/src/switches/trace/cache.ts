/** Per-switch facts that change slowly (interface modes and descriptions, LLDP neighbours). */
export interface SwitchInfoCache {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
  delete(key: string): void;
}

export interface MemorySwitchInfoCacheOptions {
  /** How long an entry is used (default 15 minutes). */
  ttlMs?: number;
  /** Entries kept at most (default 10 000; the oldest go first). */
  maxEntries?: number;
  now?: () => number;
}

/** An in-process TTL cache. */
export function createSwitchInfoCache(
  options: MemorySwitchInfoCacheOptions = {},
): SwitchInfoCache {
  const ttl = options.ttlMs ?? 15 * 60_000;
  const max = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: unknown; expires: number }>();
  return {
    get<T>(key: string) {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return e.value as T;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, expires: now() + ttl });
      while (entries.size > max) {
        const oldest = entries.keys().next().value as string;
        entries.delete(oldest);
      }
    },
    delete(key) {
      entries.delete(key);
    },
  };
}
