/**
 * A small in-memory TTL cache for the segments API's reference data and prefix index.
 *
 * Why not `LayeredCache`: these values are small, per-replica lookups (a few dozen site groups, VRFs,
 * VLAN groups) that writes through this API patch in place; sharing them through Redis/the database
 * would cost a round trip per request for data that is cheap to re-read after the TTL. Loads of the
 * same key are shared while in flight, so concurrent requests make one NetBox call.
 */
export class TtlCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number }>();
  private readonly loading = new Map<string, Promise<T>>();

  /**
   * @param staleMs - after the TTL, a value is still served this long while a reload runs in the
   *   background (stale-while-revalidate); 0 makes callers wait for the reload.
   */
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly staleMs = 0,
  ) {}

  /** The fresh value, or undefined. */
  peek(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: string, value: T): void {
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  /** Changes a fresh value in place (keeps its expiry); no-op when absent. */
  update(key: string, change: (value: T) => T): void {
    const e = this.entries.get(key);
    if (e && e.expires > this.now()) e.value = change(e.value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    const now = this.now();
    if (entry && entry.expires > now) return entry.value;
    if (entry && entry.expires + this.staleMs > now) {
      // serve the stale value, refresh behind it (a failed refresh keeps the stale value)
      this.load(key, load).catch(() => undefined);
      return entry.value;
    }
    return this.load(key, load);
  }

  private load(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.loading.get(key);
    if (pending) return pending;
    const promise = load().then(
      value => {
        this.set(key, value);
        this.loading.delete(key);
        return value;
      },
      error => {
        this.loading.delete(key);
        throw error;
      },
    );
    this.loading.set(key, promise);
    return promise;
  }
}
