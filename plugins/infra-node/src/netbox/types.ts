import { JsonObject } from '@backstage/types';
import { Filters } from './filters';

/** The subset of Backstage's `LoggerService` the client uses. */
export interface NetboxLogger {
  debug(message: string, meta?: JsonObject): void;
  info(message: string, meta?: JsonObject): void;
  warn(message: string, meta?: JsonObject): void;
}

export interface NetboxClientOptions {
  /** NetBox root URL (`https://netbox.example.com`); a trailing `/api` is accepted too. */
  baseUrl: string;
  /** v1 (`Token` header) or v2 `nbt_...` (`Bearer` header) API token. Never logged. */
  token: string;
  logger?: NetboxLogger;
  /** Calls in flight at once; reads and writes have separate caps. Defaults 4 and 2. */
  concurrency?: { reads?: number; writes?: number };
  /** `limit` asked for on list reads; NetBox clamps it to its MAX_PAGE_SIZE (default 1000). */
  pageSize?: number;
  retry?: {
    /** Attempts per call including the first. Default 5. */
    maxAttempts?: number;
    /** First backoff window; doubles per attempt. Default 500 ms. */
    baseDelayMs?: number;
    /** Largest backoff window. Default 30 s. */
    maxDelayMs?: number;
    /** Longest `Retry-After` honoured; longer ones are cut to this. Default 120 s. */
    maxRetryAfterMs?: number;
  };
  /** Calls slower than these log a throttling warning. Defaults 2 s and 10 s. */
  thresholds?: { slowMs?: number; severeMs?: number };
  /** Per-attempt timeout. Default 60 s. */
  timeoutMs?: number;
  /** Longest request URL before a multi-valued filter is split over several reads. Default 4000. */
  maxUrlLength?: number;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Defaults to `Math.random`; tests pin it to make backoff deterministic. */
  random?: () => number;
}

export interface NetboxReadOptions {
  /** Only these fields come back (NetBox 4.0+); `id` is always added. */
  fields?: readonly string[];
  /** NetBox's minimal representation. Ignored when `fields` is given, as NetBox does. */
  brief?: boolean;
  signal?: AbortSignal;
}

export interface NetboxListOptions extends NetboxReadOptions {
  /** Must be names in `NETBOX_FILTERS` for the endpoint; arrays are ORed. */
  filters?: Filters;
  /** Overrides the client's page size for this read. */
  pageSize?: number;
}

export interface NetboxWriteOptions {
  signal?: AbortSignal;
  /** Recorded in NetBox's change log (4.4+; older versions ignore it). */
  changelogMessage?: string;
  /**
   * Splits bulk bodies into requests of this many items, sent under the write cap. Each request is
   * all-or-none in NetBox, the whole call no longer is. Default: one request.
   */
  chunkSize?: number;
}

/** How a list read went, for logs and benchmarks. */
export interface NetboxListStats {
  /** `count` NetBox reported on the first page (null in cursor mode). */
  count: number | null;
  /** Pages fetched. */
  pages: number;
  /** HTTP requests made, retries included. */
  calls: number;
  retries: number;
  /** Effective page size (after NetBox's clamp). */
  pageSize: number;
  durationMs: number;
  /** The server sent fields we did not ask for (NetBox before 4.0 ignores `fields=`). */
  fieldsIgnored: boolean;
  /** The table changed while pages were read and the read was repeated or deduplicated. */
  inconsistent: boolean;
}

export interface NetboxListResult<T> extends NetboxListStats {
  results: T[];
}

/** Running totals since construction or `resetStats()`. */
export interface NetboxClientStats {
  calls: number;
  retries: number;
  failures: number;
  bytesSent: number;
  bytesReceived: number;
  slowCalls: number;
  severeCalls: number;
  /** Calls per `METHOD /api/path/` (object ids replaced by `{id}`). */
  byRoute: Record<string, number>;
}

export interface NetboxStatus {
  /** `netbox-version`, e.g. `4.3.0`. */
  netboxVersion: string;
  /** `API-Version` response header, e.g. `4.3`. */
  apiVersion?: string;
  raw: JsonObject;
}
