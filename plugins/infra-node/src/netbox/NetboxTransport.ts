import { performance } from 'node:perf_hooks';
import { authorizationHeader, redact } from './auth';
import { describeFieldErrors, parseErrorBody } from './errorBody';
import {
  NetboxCallInfo,
  NetboxConflictError,
  NetboxNotFoundError,
  NetboxPermissionError,
  NetboxResponseError,
  NetboxUnavailableError,
  NetboxValidationError,
} from './errors';
import { backoffDelay, isRetryable, parseRetryAfter, sleep } from './retry';
import { Semaphore } from '../util/Semaphore';
import { NetboxClientOptions, NetboxClientStats, NetboxLogger } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Counts the HTTP requests of one logical operation (a whole list read, a chunked bulk write). */
export interface Tally {
  calls: number;
  retries: number;
}

export interface TransportRequest {
  method: HttpMethod;
  /** Below the server root, starting with `/api/`. */
  path: string;
  query?: URLSearchParams;
  body?: unknown;
  signal?: AbortSignal;
  tally?: Tally;
}

export interface TransportResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

// Connection errors where the request never reached NetBox, so even a POST may be sent again.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const noopLogger: NetboxLogger = { debug() {}, info() {}, warn() {} };

function networkCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `/api/ipam/vlans/12/?limit=5` -> `/api/ipam/vlans/{id}/`, for per-route statistics. */
export function routeOf(path: string): string {
  return path.split('?')[0].replace(/\/\d+(?=\/|$)/g, '/{id}');
}

function emptyStats(): NetboxClientStats {
  return {
    calls: 0,
    retries: 0,
    failures: 0,
    bytesSent: 0,
    bytesReceived: 0,
    slowCalls: 0,
    severeCalls: 0,
    byRoute: {},
  };
}

/**
 * One HTTP exchange with NetBox: concurrency caps, per-attempt timeout, retries with backoff,
 * timing logs and statistics, and translation of error responses into typed errors.
 */
export class NetboxTransport {
  readonly root: string;
  private readonly rootPath: string;
  private readonly authorization: string;
  private readonly token: string;
  private readonly logger: NetboxLogger;
  private readonly reads: Semaphore;
  private readonly writes: Semaphore;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly slowMs: number;
  private readonly severeMs: number;
  private readonly timeoutMs: number;
  private totals: NetboxClientStats = emptyStats();

  constructor(options: NetboxClientOptions) {
    const url = new URL(options.baseUrl);
    url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
    url.search = '';
    url.hash = '';
    this.root = url.toString().replace(/\/+$/, '');
    this.rootPath = url.pathname.replace(/\/+$/, '');
    this.token = options.token;
    this.authorization = authorizationHeader(options.token);
    this.logger = options.logger ?? noopLogger;
    this.reads = new Semaphore(options.concurrency?.reads ?? 4);
    this.writes = new Semaphore(options.concurrency?.writes ?? 2);
    this.fetchImpl = options.fetch ?? fetch;
    this.random = options.random ?? Math.random;
    this.maxAttempts = Math.max(1, options.retry?.maxAttempts ?? 5);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 500;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 120_000;
    this.slowMs = options.thresholds?.slowMs ?? 2_000;
    this.severeMs = options.thresholds?.severeMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  stats(): NetboxClientStats {
    return { ...this.totals, byRoute: { ...this.totals.byRoute } };
  }

  resetStats(): void {
    this.totals = emptyStats();
  }

  /**
   * The path and query of an absolute `next` link, below our root. NetBox builds links from the Host
   * header it sees, so behind a TLS proxy they may say `http://` or another host; we keep ours.
   */
  relativeLink(link: string): { path: string; query: URLSearchParams } {
    const url = new URL(link, `${this.root}/`);
    let path = url.pathname;
    if (this.rootPath && path.startsWith(`${this.rootPath}/`)) {
      path = path.slice(this.rootPath.length);
    }
    return { path, query: url.searchParams };
  }

  async request(req: TransportRequest): Promise<TransportResponse> {
    const semaphore = req.method === 'GET' ? this.reads : this.writes;
    // the slot is held across retries: while NetBox throttles, waiting callers should not pile on
    return semaphore.run(() => this.attempts(req), req.signal);
  }

  private async attempts(req: TransportRequest): Promise<TransportResponse> {
    const query = req.query?.toString();
    const pathAndQuery = query ? `${req.path}?${query}` : req.path;
    const url = `${this.root}${pathAndQuery}`;
    const bodyText =
      req.body === undefined ? undefined : JSON.stringify(req.body);
    const route = `${req.method} ${routeOf(req.path)}`;

    for (let attempt = 1; ; attempt++) {
      const info: NetboxCallInfo = {
        method: req.method,
        path: pathAndQuery,
        attempts: attempt,
      };
      this.totals.calls++;
      this.totals.byRoute[route] = (this.totals.byRoute[route] ?? 0) + 1;
      if (req.tally) req.tally.calls++;
      if (bodyText) this.totals.bytesSent += Buffer.byteLength(bodyText);

      const started = performance.now();
      const signals = [AbortSignal.timeout(this.timeoutMs)];
      if (req.signal) signals.push(req.signal);
      let response: Response;
      let text: string;
      try {
        response = await this.fetchImpl(url, {
          method: req.method,
          headers: {
            Authorization: this.authorization,
            Accept: 'application/json',
            ...(bodyText ? { 'Content-Type': 'application/json' } : {}),
          },
          body: bodyText,
          signal: AbortSignal.any(signals),
        });
        text = await response.text();
      } catch (error) {
        const durationMs = Math.round(performance.now() - started);
        if (req.signal?.aborted) throw req.signal.reason;
        const code =
          (error as Error)?.name === 'TimeoutError'
            ? 'TIMEOUT'
            : networkCode(error);
        this.logger.debug(
          `NetBox ${
            req.method
          } ${pathAndQuery} failed after ${durationMs} ms: ${
            code ?? 'network error'
          }`,
          {
            method: req.method,
            path: pathAndQuery,
            durationMs,
            attempt,
            error: code ?? 'network',
          },
        );
        const retryable = isRetryable(req.method, {
          networkCode: code,
          beforeSend: code !== undefined && NOT_SENT_CODES.has(code),
        });
        if (retryable && attempt < this.maxAttempts) {
          await this.pause(
            req,
            attempt,
            undefined,
            pathAndQuery,
            code ?? 'network error',
          );
          continue;
        }
        this.totals.failures++;
        throw new NetboxUnavailableError(
          `NetBox ${
            req.method
          } ${pathAndQuery} failed after ${attempt} attempt(s): ${
            code ?? 'network error'
          }`,
          info,
          error,
        );
      }

      const durationMs = Math.round(performance.now() - started);
      this.totals.bytesReceived += Buffer.byteLength(text);
      this.observe(
        req.method,
        pathAndQuery,
        response.status,
        durationMs,
        attempt,
      );
      info.status = response.status;

      if (response.status >= 200 && response.status < 300) {
        return {
          status: response.status,
          body: this.parse(text, info),
          headers: response.headers,
        };
      }

      if (
        attempt < this.maxAttempts &&
        isRetryable(req.method, { status: response.status })
      ) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        await this.pause(
          req,
          attempt,
          retryAfter,
          pathAndQuery,
          `HTTP ${response.status}`,
        );
        continue;
      }
      this.totals.failures++;
      throw this.toError(response.status, text, info);
    }
  }

  private async pause(
    req: TransportRequest,
    attempt: number,
    retryAfterMs: number | undefined,
    pathAndQuery: string,
    reason: string,
  ): Promise<void> {
    const delay =
      retryAfterMs !== undefined
        ? Math.min(retryAfterMs, this.maxRetryAfterMs)
        : backoffDelay(
            attempt,
            { baseDelayMs: this.baseDelayMs, maxDelayMs: this.maxDelayMs },
            this.random,
          );
    this.totals.retries++;
    if (req.tally) req.tally.retries++;
    this.logger.debug(
      `NetBox ${req.method} ${pathAndQuery}: ${reason}, retry ${attempt}/${
        this.maxAttempts - 1
      } in ${delay} ms`,
      {
        method: req.method,
        path: pathAndQuery,
        attempt,
        delayMs: delay,
        reason,
      },
    );
    await sleep(delay, req.signal);
  }

  private observe(
    method: string,
    pathAndQuery: string,
    status: number,
    durationMs: number,
    attempt: number,
  ): void {
    const meta = { method, path: pathAndQuery, status, durationMs, attempt };
    this.logger.debug(
      `NetBox ${method} ${pathAndQuery} ${status} in ${durationMs} ms`,
      meta,
    );
    if (durationMs >= this.severeMs) {
      this.totals.severeCalls++;
      this.logger.warn(
        `NetBox ${method} ${pathAndQuery} took ${durationMs} ms (severe, over ${this.severeMs} ms): NetBox or a proxy in front of it is likely throttling or overloaded; lower the concurrency or page size`,
        { ...meta, threshold: 'severe' },
      );
    } else if (durationMs >= this.slowMs) {
      this.totals.slowCalls++;
      this.logger.warn(
        `NetBox ${method} ${pathAndQuery} took ${durationMs} ms (slow, over ${this.slowMs} ms): NetBox may be throttling or under load`,
        { ...meta, threshold: 'slow' },
      );
    }
  }

  private parse(text: string, info: NetboxCallInfo): unknown {
    if (!text) return undefined;
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new NetboxResponseError(
        `NetBox ${info.method} ${
          info.path
        } sent a body that is not JSON: ${this.snippet(text)}`,
        info,
        error,
      );
    }
  }

  private snippet(text: string): string {
    const flat = redact(text, this.token).replace(/\s+/g, ' ').trim();
    return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat;
  }

  private toError(status: number, text: string, info: NetboxCallInfo): Error {
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // proxies answer with HTML; the snippet below says what came back
    }
    const parsed = parseErrorBody(body);
    const detail =
      parsed.detail !== undefined ? this.snippet(parsed.detail) : undefined;
    const where = `NetBox ${info.method} ${info.path}`;
    const fieldText = describeFieldErrors(parsed.fieldErrors);
    const said = [detail, redact(fieldText, this.token)]
      .filter(Boolean)
      .join('; ');

    switch (status) {
      case 400:
        return new NetboxValidationError(
          `${where} rejected (400): ${said || 'no details'}`,
          parsed.fieldErrors,
          info,
        );
      case 403:
        return new NetboxPermissionError(
          `${where} refused (403): ${
            said || 'forbidden'
          }; check the token and its permissions`,
          info,
        );
      case 404:
        return new NetboxNotFoundError(
          `${where} found nothing (404): ${said || 'not found'}`,
          info,
        );
      case 409:
      case 412:
        return new NetboxConflictError(
          `${where} conflicts (${status}): ${said || 'conflict'}`,
          info,
        );
      default:
        if (status === 429 || status >= 500) {
          return new NetboxUnavailableError(
            `${where} failed with ${status} after ${info.attempts} attempt(s)${
              said ? `: ${said}` : ''
            }`,
            info,
          );
        }
        return new NetboxResponseError(
          `${where} failed with ${status}${said ? `: ${said}` : ''}`,
          info,
        );
    }
  }
}
