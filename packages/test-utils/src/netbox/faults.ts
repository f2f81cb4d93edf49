/** A failure the emulator answers with instead of handling the call, as a proxy in front of NetBox would. */
export interface FaultSpec {
  /** HTTP status to send, or `reset` to drop the connection without an answer. */
  status: 429 | 500 | 502 | 503 | 504 | 'reset';
  /** How many matching calls fail. Default 1. */
  count?: number;
  /** `Retry-After` header: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** Only calls with this method and/or path (exact path, or a pattern tested on it) fail. */
  match?: { method?: string; path?: string | RegExp };
}

interface ActiveFault extends FaultSpec {
  remaining: number;
}

/** Queue of injected faults; each matching call consumes one. */
export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(...specs: FaultSpec[]): void {
    for (const s of specs) this.faults.push({ ...s, remaining: s.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** Pending fault count (all specs). */
  get pending(): number {
    return this.faults.reduce((n, f) => n + f.remaining, 0);
  }

  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find(f => {
      if (f.remaining <= 0) return false;
      if (f.match?.method && f.match.method.toUpperCase() !== method)
        return false;
      const p = f.match?.path;
      if (p === undefined) return true;
      return typeof p === 'string' ? p === path : p.test(path);
    });
    if (!fault) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter(f => f.remaining > 0);
    return fault;
  }
}
