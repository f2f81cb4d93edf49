/** Figures of a {@link MemoryLru}, for the status API. */
export interface MemoryLruStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  evictions: number;
}

export const DEFAULT_MEMORY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * A least-recently-used map bounded by the bytes its values account for, not by their count: a
 * cached template list can be a thousand times the size of a network list. A Map keeps insertion
 * order, so re-inserting on access makes its first key the least recently used one.
 */
export class MemoryLru<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  private totalBytes = 0;
  private hits = 0;
  private misses = 0;
  private evictions = 0;

  constructor(readonly maxBytes: number = DEFAULT_MEMORY_MAX_BYTES) {
    if (!(maxBytes >= 0)) {
      throw new RangeError(`maxBytes must be >= 0, got ${maxBytes}`);
    }
  }

  /** The value, marking it most recently used; counts a hit or a miss. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /**
   * The value if `accept` takes it, marking it most recently used and counting a hit; otherwise
   * undefined, with nothing marked or counted (the caller goes on to a lookup that counts).
   */
  getIf(key: string, accept: (value: V) => boolean): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || !accept(entry.value)) return undefined;
    this.hits++;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** The value without marking it used or counting a hit. */
  peek(key: string): V | undefined {
    return this.entries.get(key)?.value;
  }

  /**
   * Stores `value`, accounted as `bytes`, evicting the least recently used entries to make room.
   * A value larger than the whole budget is not kept (and drops an older value of the same key).
   */
  set(key: string, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.totalBytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.totalBytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.totalBytes -= entry.bytes;
      this.evictions++;
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
    return true;
  }

  /** Deletes every key starting with `prefix`; returns how many went. */
  deletePrefix(prefix: string): number {
    let count = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix) && this.delete(key)) count++;
    }
    return count;
  }

  clear(): void {
    // A new Map rather than Map#clear: V8 allocates the table that replaces a cleared one where the
    // old table lived (old space, for a long-lived map) and leaves the old table holding its
    // entries, so every value stored after a clear() was reachable from old space and survived
    // scavenges until the next full collection (bench/resources/README.md, 2026-12-07).
    this.entries = new Map();
    this.totalBytes = 0;
  }

  stats(): MemoryLruStats {
    return {
      entries: this.entries.size,
      bytes: this.totalBytes,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
    };
  }
}
