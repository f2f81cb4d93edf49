import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { performance } from 'node:perf_hooks';
import {
  NetboxNotFoundError,
  NetboxResponseError,
  NetboxValidationError,
} from './errors';
import {
  appendFilters,
  assertKnownFilters,
  Filters,
  FilterValue,
  normalizeEndpoint,
} from './filters';
import { HttpMethod, NetboxTransport, Tally } from './NetboxTransport';
import {
  NetboxClientOptions,
  NetboxClientStats,
  NetboxListOptions,
  NetboxListResult,
  NetboxLogger,
  NetboxReadOptions,
  NetboxStatus,
  NetboxWriteOptions,
} from './types';

interface Page {
  count: number | null;
  next: string | null;
  results: unknown[];
}

/** An object NetBox returned; every NetBox object has a numeric `id`. */
export type NetboxObject = { id: number } & Record<string, unknown>;

/** One item of a bulk update: the object's id and the fields to change. */
export type NetboxUpdateItem = { id: number } & Record<string, unknown>;

const DEFAULT_PAGE_SIZE = 1000;
// rounds of re-reading a table that changed between pages before settling for a deduplicated read
const CONSISTENCY_ROUNDS = 3;

function asPage(body: unknown, method: string, path: string): Page {
  const b = body as Partial<Page> | undefined;
  if (!b || typeof b !== 'object' || !Array.isArray(b.results)) {
    throw new NetboxResponseError(
      `NetBox ${method} ${path} did not return a list page`,
      {
        method,
        path,
        attempts: 1,
      },
    );
  }
  return {
    count: typeof b.count === 'number' ? b.count : null,
    next: typeof b.next === 'string' ? b.next : null,
    results: b.results,
  };
}

function idOf(item: unknown): number | undefined {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'number' ? id : undefined;
}

/** Keeps the first occurrence of each id; items without an id are all kept. */
function dedupeById<T>(items: T[]): T[] {
  const seen = new Set<number>();
  return items.filter(item => {
    const id = idOf(item);
    if (id === undefined) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function chunk<T>(items: T[], size: number | undefined): T[][] {
  if (!size || size >= items.length) return [items];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function listPath(endpoint: string): string {
  return `/api/${endpoint}/`;
}

function objectPath(endpoint: string, id: number): string {
  if (!Number.isInteger(id) || id < 1)
    throw new InputError(`Invalid NetBox object id ${id}`);
  return `/api/${endpoint}/${id}/`;
}

/**
 * REST client for NetBox 4.x. Every list read follows NetBox's paging to the end (fetching the pages
 * after the first in parallel by offset), reads are trimmed with `fields=`, calls are capped, timed
 * and retried, and NetBox's error bodies become typed errors naming the offending fields.
 */
export class NetboxClient {
  private readonly transport: NetboxTransport;
  private readonly pageSize: number;
  private readonly maxUrlLength: number;
  private readonly logger?: NetboxLogger;
  private readonly fieldsWarned = new Set<string>();

  constructor(options: NetboxClientOptions) {
    if (!options.token) throw new InputError('A NetBox API token is required');
    this.transport = new NetboxTransport(options);
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.maxUrlLength = options.maxUrlLength ?? 4000;
    this.logger = options.logger;
  }

  /** Server root the client talks to (without `/api`). */
  get baseUrl(): string {
    return this.transport.root;
  }

  stats(): NetboxClientStats {
    return this.transport.stats();
  }

  resetStats(): void {
    this.transport.resetStats();
  }

  /** `GET /api/status/`: the NetBox version, to check compatibility before syncing. */
  async status(options: { signal?: AbortSignal } = {}): Promise<NetboxStatus> {
    const response = await this.transport.request({
      method: 'GET',
      path: '/api/status/',
      signal: options.signal,
    });
    const raw = (response.body ?? {}) as JsonObject;
    const version = raw['netbox-version'];
    if (typeof version !== 'string') {
      throw new NetboxResponseError(
        'NetBox /api/status/ has no netbox-version',
        {
          method: 'GET',
          path: '/api/status/',
          status: response.status,
          attempts: 1,
        },
      );
    }
    return {
      netboxVersion: version,
      apiVersion: response.headers.get('api-version') ?? undefined,
      raw,
    };
  }

  /** Every object of `path` matching `filters`, with the read's statistics. */
  async list<T = NetboxObject>(
    path: string,
    options: NetboxListOptions = {},
  ): Promise<NetboxListResult<T>> {
    const endpoint = normalizeEndpoint(path);
    const filters = options.filters ?? {};
    assertKnownFilters(endpoint, filters);
    const started = performance.now();

    // an empty OR-list would drop the filter from the query and NetBox would return everything
    if (Object.values(filters).some(v => Array.isArray(v) && v.length === 0)) {
      return {
        results: [],
        count: 0,
        pages: 0,
        calls: 0,
        retries: 0,
        pageSize: options.pageSize ?? this.pageSize,
        durationMs: 0,
        fieldsIgnored: false,
        inconsistent: false,
      };
    }

    const parts = this.splitLongFilters(endpoint, filters, options);
    if (parts.length === 1)
      return this.listOnce<T>(endpoint, filters, options, started);

    const results = await Promise.all(
      parts.map(f => this.listOnce<T>(endpoint, f, options, started)),
    );
    const merged = dedupeById(results.flatMap(r => r.results));
    return {
      results: merged,
      count: merged.length,
      pages: results.reduce((n, r) => n + r.pages, 0),
      calls: results.reduce((n, r) => n + r.calls, 0),
      retries: results.reduce((n, r) => n + r.retries, 0),
      pageSize: results[0].pageSize,
      durationMs: Math.round(performance.now() - started),
      fieldsIgnored: results.some(r => r.fieldsIgnored),
      inconsistent: results.some(r => r.inconsistent),
    };
  }

  /** One object by id. */
  async get<T = NetboxObject>(
    path: string,
    id: number,
    options: NetboxReadOptions = {},
  ): Promise<T> {
    const endpoint = normalizeEndpoint(path);
    const response = await this.transport.request({
      method: 'GET',
      path: objectPath(endpoint, id),
      query: this.readQuery({}, options),
      signal: options.signal,
    });
    return response.body as T;
  }

  /** POST one object, or a list (NetBox creates all or none of a list). */
  create<T = NetboxObject>(
    path: string,
    body: readonly object[],
    options?: NetboxWriteOptions,
  ): Promise<T[]>;
  create<T = NetboxObject>(
    path: string,
    body: object,
    options?: NetboxWriteOptions,
  ): Promise<T>;
  async create<T>(
    path: string,
    body: object | readonly object[],
    options: NetboxWriteOptions = {},
  ): Promise<T | T[]> {
    const endpoint = normalizeEndpoint(path);
    if (!Array.isArray(body)) {
      const response = await this.transport.request({
        method: 'POST',
        path: listPath(endpoint),
        body: this.withChangelog(body, options),
        signal: options.signal,
      });
      return response.body as T;
    }
    return this.bulk<T>('POST', endpoint, body, options);
  }

  /**
   * PATCH one object, or a list of `{id, ...changes}` on the list endpoint. NetBox skips ids it does
   * not find in a bulk PATCH; we then throw after the others were saved, naming the missing ids.
   */
  update<T = NetboxObject>(
    path: string,
    id: number,
    changes: object,
    options?: NetboxWriteOptions,
  ): Promise<T>;
  update<T = NetboxObject>(
    path: string,
    items: ReadonlyArray<NetboxUpdateItem>,
    options?: NetboxWriteOptions,
  ): Promise<T[]>;
  async update<T>(
    path: string,
    idOrItems: number | ReadonlyArray<NetboxUpdateItem>,
    changesOrOptions?: object,
    maybeOptions?: NetboxWriteOptions,
  ): Promise<T | T[]> {
    const endpoint = normalizeEndpoint(path);
    if (typeof idOrItems === 'number') {
      const options = maybeOptions ?? {};
      const response = await this.transport.request({
        method: 'PATCH',
        path: objectPath(endpoint, idOrItems),
        body: this.withChangelog(changesOrOptions ?? {}, options),
        signal: options.signal,
      });
      return response.body as T;
    }
    const options = (changesOrOptions ?? {}) as NetboxWriteOptions;
    for (const item of idOrItems) {
      if (!Number.isInteger(item?.id)) {
        throw new InputError(
          'Every item of a bulk NetBox update needs a numeric id',
        );
      }
    }
    const updated = await this.bulk<T>('PATCH', endpoint, idOrItems, options);
    const byId = new Map(updated.map(o => [idOf(o), o]));
    const missing = idOrItems.map(i => i.id).filter(id => !byId.has(id));
    if (missing.length > 0) {
      throw new NetboxNotFoundError(
        `NetBox PATCH ${listPath(endpoint)}: ${missing.length} of ${
          idOrItems.length
        } objects not found (ids ${missing
          .slice(0, 20)
          .join(', ')}); the others were updated`,
        { method: 'PATCH', path: listPath(endpoint), attempts: 1 },
      );
    }
    // NetBox answers in table order; callers get their own order back
    return idOrItems.map(i => byId.get(i.id) as T);
  }

  /** DELETE one object, or several through the list endpoint (all or none). */
  async delete(
    path: string,
    ids: number | readonly number[],
    options: NetboxWriteOptions = {},
  ): Promise<void> {
    const endpoint = normalizeEndpoint(path);
    if (typeof ids === 'number') {
      await this.transport.request({
        method: 'DELETE',
        path: objectPath(endpoint, ids),
        body: options.changelogMessage
          ? { changelog_message: options.changelogMessage }
          : undefined,
        signal: options.signal,
      });
      return;
    }
    await this.bulk(
      'DELETE',
      endpoint,
      ids.map(id => ({ id })),
      options,
    );
  }

  private withChangelog(body: object, options: NetboxWriteOptions): object {
    return options.changelogMessage
      ? { ...body, changelog_message: options.changelogMessage }
      : body;
  }

  private async bulk<T>(
    method: HttpMethod,
    endpoint: string,
    items: readonly object[],
    options: NetboxWriteOptions,
  ): Promise<T[]> {
    if (items.length === 0) return [];
    const chunks = chunk(
      items.map(i => this.withChangelog(i, options)),
      options.chunkSize,
    );
    const tally: Tally = { calls: 0, retries: 0 };
    const settled = await Promise.allSettled(
      chunks.map(body =>
        this.transport.request({
          method,
          path: listPath(endpoint),
          body,
          signal: options.signal,
          tally,
        }),
      ),
    );
    const out: T[] = [];
    let offset = 0;
    for (let i = 0; i < settled.length; i++) {
      const s = settled[i];
      if (s.status === 'rejected') {
        throw chunks.length > 1
          ? this.shiftIndexes(s.reason, offset, chunks.length)
          : s.reason;
      }
      if (Array.isArray(s.value.body)) out.push(...(s.value.body as T[]));
      offset += chunks[i].length;
    }
    return out;
  }

  // a chunk's item indexes count from the chunk's start; callers think in whole-request positions
  private shiftIndexes(
    error: unknown,
    offset: number,
    chunkCount: number,
  ): unknown {
    if (!(error instanceof NetboxValidationError) || offset === 0) return error;
    const fieldErrors = error.fieldErrors.map(e =>
      e.index === undefined ? e : { ...e, index: e.index + offset },
    );
    return new NetboxValidationError(
      `${error.message} (items counted from ${offset}, request split into ${chunkCount} chunks; other chunks may have been applied)`,
      fieldErrors,
      {
        method: error.method,
        path: error.path,
        status: error.status,
        attempts: error.attempts,
      },
    );
  }

  private readQuery(
    filters: Filters,
    options: NetboxReadOptions,
  ): URLSearchParams {
    const query = new URLSearchParams();
    appendFilters(query, filters);
    if (options.fields && options.fields.length > 0) {
      query.set('fields', [...new Set(['id', ...options.fields])].join(','));
    } else if (options.brief) {
      query.set('brief', '1');
    }
    return query;
  }

  /**
   * Splits the longest multi-valued filter so each request URL stays under `maxUrlLength`; repeated
   * keys are ORed, so the union of the parts is the answer.
   */
  private splitLongFilters(
    endpoint: string,
    filters: Filters,
    options: NetboxListOptions,
  ): Filters[] {
    const length = (f: Filters) =>
      this.transport.root.length +
      listPath(endpoint).length +
      this.readQuery(f, options).toString().length +
      40;
    if (length(filters) <= this.maxUrlLength) return [filters];
    const [name, values] = Object.entries(filters)
      .filter((e): e is [string, FilterValue[]] => Array.isArray(e[1]))
      .sort((a, b) => b[1].length - a[1].length)[0] ?? [undefined, []];
    if (!name || values.length < 2) return [filters];
    const perValue = Math.max(
      1,
      this.readQuery({ [name]: values }, {}).toString().length / values.length,
    );
    const budget = this.maxUrlLength - length({ ...filters, [name]: [] });
    const size = Math.max(1, Math.floor(budget / perValue));
    return chunk(values, size).map(part => ({ ...filters, [name]: part }));
  }

  private async fetchPage(
    endpoint: string,
    base: URLSearchParams,
    offset: number,
    limit: number,
    tally: Tally,
    signal?: AbortSignal,
  ): Promise<Page> {
    const query = new URLSearchParams(base);
    query.set('limit', String(limit));
    query.set('offset', String(offset));
    const path = listPath(endpoint);
    const response = await this.transport.request({
      method: 'GET',
      path,
      query,
      signal,
      tally,
    });
    return asPage(response.body, 'GET', path);
  }

  private async followNext(
    first: Page,
    tally: Tally,
    signal?: AbortSignal,
  ): Promise<Page[]> {
    const pages: Page[] = [];
    let next = first.next;
    while (next) {
      const { path, query } = this.transport.relativeLink(next);
      const response = await this.transport.request({
        method: 'GET',
        path,
        query,
        signal,
        tally,
      });
      const page = asPage(response.body, 'GET', path);
      pages.push(page);
      next = page.next;
    }
    return pages;
  }

  private async listOnce<T>(
    endpoint: string,
    filters: Filters,
    options: NetboxListOptions,
    started: number,
  ): Promise<NetboxListResult<T>> {
    const tally: Tally = { calls: 0, retries: 0 };
    const base = this.readQuery(filters, options);
    const requested = options.pageSize ?? this.pageSize;
    let pagesRead = 0;

    for (let round = 1; ; round++) {
      const first = await this.fetchPage(
        endpoint,
        base,
        0,
        requested,
        tally,
        options.signal,
      );
      let pages = [first];
      let effective = first.results.length || requested;
      let consistent = true;

      if (first.next && first.count === null) {
        // cursor mode (NetBox 4.6 `start`) has no count: pages can only be read one after another
        pages = pages.concat(
          await this.followNext(first, tally, options.signal),
        );
      } else if (first.next && first.count !== null) {
        const link = new URL(first.next, 'http://x');
        // NetBox clamps `limit` to MAX_PAGE_SIZE and says the limit it used in the next link
        effective = Math.max(
          1,
          Number(link.searchParams.get('limit')) || first.results.length,
        );
        const start =
          Number(link.searchParams.get('offset')) ||
          Math.max(1, first.results.length);
        const offsets: number[] = [];
        for (let o = start; o < first.count; o += effective) offsets.push(o);
        const rest = await Promise.all(
          offsets.map(o =>
            this.fetchPage(endpoint, base, o, effective, tally, options.signal),
          ),
        );
        pages = pages.concat(rest);
        consistent = rest.every(p => p.count === first.count);
      }
      pagesRead += pages.length;

      const results = dedupeById(pages.flatMap(p => p.results)) as T[];
      if (first.count !== null && results.length !== first.count)
        consistent = false;
      if (!consistent && round < CONSISTENCY_ROUNDS) {
        this.logger?.debug(
          `NetBox ${listPath(endpoint)} changed while being read (count ${
            first.count
          }, got ${results.length}); reading again`,
        );
        continue;
      }
      if (!consistent) {
        this.logger?.warn(
          `NetBox ${listPath(endpoint)} kept changing while being read; using ${
            results.length
          } deduplicated objects (count said ${first.count})`,
        );
      }
      const fieldsIgnored = this.fieldsIgnored(
        endpoint,
        options.fields,
        results,
      );
      return {
        results,
        count: first.count,
        pages: pagesRead,
        calls: tally.calls,
        retries: tally.retries,
        pageSize: effective,
        durationMs: Math.round(performance.now() - started),
        fieldsIgnored,
        inconsistent: !consistent,
      };
    }
  }

  // NetBox before 4.0 ignores `fields=`; we still work (extra keys are harmless) but say so once
  private fieldsIgnored(
    endpoint: string,
    fields: readonly string[] | undefined,
    results: unknown[],
  ): boolean {
    if (!fields || fields.length === 0 || results.length === 0) return false;
    const wanted = new Set(['id', ...fields]);
    const sample = results[0];
    if (!sample || typeof sample !== 'object') return false;
    const ignored = Object.keys(sample).some(k => !wanted.has(k));
    if (ignored && !this.fieldsWarned.has(endpoint)) {
      this.fieldsWarned.add(endpoint);
      this.logger?.info(
        `NetBox ignored fields= on ${listPath(
          endpoint,
        )} (before 4.0?); reads carry full objects`,
      );
    }
    return ignored;
  }
}
