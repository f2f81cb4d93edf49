import { randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FaultQueue, FaultSpec } from './faults';
import { applyFilters } from './filtering';
import { detail, HttpError } from './httpError';
import { Ctx, Json, JsonObj, ModelDef } from './model';
import { createModels } from './models';
import { nextLink, pageWindow, PagingConfig, previousLink } from './pagination';
import { seedBase, seedDemo, seedSynthetic, SyntheticOptions } from './seeds';
import { NetboxEmulatorState, Row } from './state';
import {
  bulkDeleteIds,
  createMany,
  createOne,
  deleteRows,
  updateMany,
  updateOne,
} from './writes';

export type LatencyFn = (call: { method: string; path: string }) => number;

export interface NetboxEmulatorOptions {
  /** `demo`: the NetBox 4.2 demo rows from ../shared (needs `sharedFixtures`); `empty`: none. */
  seed?: 'demo' | 'empty';
  /** Overrides where the demo SQL is read from. */
  demoSqlPath?: string;
  /** Generated VLANs and prefixes added after the seed. */
  synthetic?: SyntheticOptions;
  /** Delay before every answer: fixed milliseconds or a function of the call. */
  latencyMs?: number | LatencyFn;
  /**
   * Accepted token(s): `nbt_...` ones in `Authorization: Bearer`, others in `Authorization: Token`.
   * Default: one random 40-hex v1 token.
   */
  token?: string | readonly string[];
  /** `netbox-version` of /api/status/; API-Version is its major.minor. Default 4.3.0. */
  version?: string;
  /** NetBox's MAX_PAGE_SIZE (default 1000) and PAGINATE_COUNT (default 50). */
  maxPageSize?: number;
  defaultPageSize?: number;
  /** Behave like NetBox before 4.0: `fields=` is ignored and full objects come back. */
  ignoreFields?: boolean;
  /** Sees every answer the emulator sends, for contract checks. */
  onExchange?: (exchange: NetboxExchange) => void;
}

/** One request and the answer sent for it. */
export interface NetboxExchange {
  method: string;
  /** Path as requested, e.g. `/api/ipam/vlans/12/`. */
  path: string;
  /** OpenAPI path template, e.g. `/api/ipam/vlans/{id}/`; undefined for unknown paths. */
  route?: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  body: Json | undefined;
  /** How objects were represented: `fields`/`omit` responses are outside the OpenAPI schema. */
  mode: 'full' | 'brief' | 'fields' | 'omit';
  /** Model schema name of the objects in the body (`VLAN`), when the route has one. */
  schema?: string;
  fault?: boolean;
}

export interface CallRecord {
  method: string;
  path: string;
  query: string;
  /** 0 while in flight, -1 for a dropped connection. */
  status: number;
  durationMs: number;
}

export interface NetboxCallStats {
  total: number;
  /** Calls per `METHOD /path/` as requested (`GET /api/ipam/vlans/`). */
  byRoute: Record<string, number>;
  log: CallRecord[];
}

export interface NetboxEmulator {
  /** `http://127.0.0.1:<port>`, the NetBox root (the API is under `/api/`). */
  url: string;
  /** The first accepted token. */
  token: string;
  state: NetboxEmulatorState;
  calls(): NetboxCallStats;
  resetCalls(): void;
  /** The next matching calls fail as specified. */
  injectFaults(...faults: FaultSpec[]): void;
  clearFaults(): void;
  setLatency(latency: number | LatencyFn): void;
  /** Back to the seeded data, no calls, no faults, the initial latency. */
  reset(): void;
  stop(): Promise<void>;
}

const API_ROUTE = /^\/api\/([a-z-]+\/[a-z-]+)\/(?:([^/]+)\/)?$/;
const STATUS_LABELS: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function lastValue(query: URLSearchParams, name: string): string | undefined {
  const v = query.getAll(name).at(-1);
  return v === undefined || v === '' ? undefined : v;
}

function statusBody(version: string): JsonObj {
  return {
    'django-version': '5.2.1',
    'installed-apps': {
      django_filters: '25.1',
      django_prometheus: '2.3.1',
      django_rq: '3.0.1',
      django_tables2: '2.7.5',
      drf_spectacular: '0.28.0',
      drf_spectacular_sidecar: '2025.5.1',
      mptt: '0.17.0',
      rest_framework: '3.16.0',
      social_django: '5.4.3',
      taggit: '6.1.0',
      timezone_field: '7.1',
    },
    'netbox-version': version,
    'netbox-full-version': version,
    plugins: {},
    'python-version': '3.12.3',
    'rq-workers-running': 1,
  };
}

/**
 * Starts an in-process NetBox 4.x REST API on 127.0.0.1 (random port) for the endpoints the plugin
 * uses, shaped and paged as NetBox does, with controls for call counting, latency and faults.
 */
export async function startNetboxEmulator(
  options: NetboxEmulatorOptions = {},
): Promise<NetboxEmulator> {
  const models = createModels();
  const state = new NetboxEmulatorState(models.keys());
  seedBase(state);
  if ((options.seed ?? 'empty') === 'demo')
    seedDemo(state, options.demoSqlPath);
  if (options.synthetic) seedSynthetic(state, options.synthetic);
  const seeded = state.snapshot();

  const given =
    typeof options.token === 'string' ? [options.token] : options.token;
  const tokens = (
    given === undefined ? [randomBytes(20).toString('hex')] : [...given]
  ).filter(Boolean);
  if (tokens.length === 0)
    throw new Error('The NetBox emulator needs at least one token');
  const version = options.version ?? '4.3.0';
  const apiVersion = version.split('.').slice(0, 2).join('.');
  const paging: PagingConfig = {
    defaultLimit: options.defaultPageSize ?? 50,
    maxPageSize: options.maxPageSize ?? 1000,
  };
  const faults = new FaultQueue();
  let latency: number | LatencyFn = options.latencyMs ?? 0;
  let log: CallRecord[] = [];
  let byRoute: Record<string, number> = {};

  function authError(header: string | undefined): HttpError | undefined {
    if (!header)
      return detail(403, 'Authentication credentials were not provided.');
    const [scheme, value = ''] = header.trim().split(/\s+/, 2);
    const ok =
      tokens.includes(value) &&
      ((scheme === 'Token' && !value.startsWith('nbt_')) ||
        (scheme === 'Bearer' && value.startsWith('nbt_')));
    return ok ? undefined : detail(403, 'Invalid token');
  }

  function represent(
    model: ModelDef,
    row: Row,
    ctx: Ctx,
    query: URLSearchParams,
    allowBrief: boolean,
  ): { body: JsonObj; mode: NetboxExchange['mode'] } {
    const fields = options.ignoreFields
      ? undefined
      : lastValue(query, 'fields');
    if (fields) {
      const wanted = new Set(fields.split(',').map(f => f.trim()));
      const full = model.full!(row, ctx);
      return {
        body: Object.fromEntries(
          Object.entries(full).filter(([k]) => wanted.has(k)),
        ),
        mode: 'fields',
      };
    }
    const omit = options.ignoreFields ? undefined : lastValue(query, 'omit');
    if (omit) {
      const dropped = new Set(omit.split(',').map(f => f.trim()));
      const full = model.full!(row, ctx);
      return {
        body: Object.fromEntries(
          Object.entries(full).filter(([k]) => !dropped.has(k)),
        ),
        mode: 'omit',
      };
    }
    // any non-empty value turns brief on, `brief=false` included, as in NetBox
    if (allowBrief && lastValue(query, 'brief'))
      return { body: model.brief(row, ctx), mode: 'brief' };
    return { body: model.full!(row, ctx), mode: 'full' };
  }

  interface Answer {
    status: number;
    body?: Json;
    headers?: Record<string, string>;
    mode?: NetboxExchange['mode'];
    schema?: string;
  }

  function handleApi(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    base: string,
    route: { endpoint: string; id?: string },
  ): Answer {
    const model = models.get(route.endpoint);
    if (!model || !model.served) throw detail(404, 'Not found.');
    const ctx = new Ctx(state, models, base);
    const noMatch = () =>
      detail(404, `No ${model.verboseName} matches the given query.`);
    const schema = model.schema;

    if (route.id !== undefined) {
      const id = /^\d+$/.test(route.id) ? Number(route.id) : NaN;
      const row = state.get(model.endpoint, id);
      if (!['GET', 'PUT', 'PATCH', 'DELETE'].includes(method)) {
        throw detail(405, `Method "${method}" not allowed.`);
      }
      if (!row) throw noMatch();
      if (method === 'GET') {
        const { body: out, mode } = represent(model, row, ctx, query, true);
        return { status: 200, body: out, mode, schema };
      }
      if (method === 'DELETE') {
        deleteRows(model, [row.id], ctx);
        return { status: 204 };
      }
      const saved = updateOne(model, row, body ?? {}, method === 'PATCH', ctx);
      const { body: out, mode } = represent(
        model,
        saved,
        new Ctx(state, models, base),
        query,
        false,
      );
      return { status: 200, body: out, mode, schema };
    }

    switch (method) {
      case 'GET': {
        const rows = applyFilters(
          model,
          state.rows(model.endpoint),
          query,
          ctx,
        );
        const window = pageWindow(query, paging);
        const page = rows.slice(window.offset, window.offset + window.limit);
        const results = page.map(
          r => represent(model, r, ctx, query, true).body,
        );
        return {
          status: 200,
          body: {
            count: rows.length,
            next: nextLink(base, path, query, window, rows.length),
            previous: previousLink(base, path, query, window),
            results,
          },
          mode: modeOf(query),
          schema,
        };
      }
      case 'POST': {
        const after = () => new Ctx(state, models, base);
        if (Array.isArray(body)) {
          const rows = createMany(model, body, ctx);
          const c = after();
          const out = [...rows]
            .sort((a, b) => a.id - b.id)
            .map(r => represent(model, r, c, query, false));
          return {
            status: 201,
            body: out.map(o => o.body),
            mode: out[0]?.mode ?? modeOf(query),
            schema,
          };
        }
        const row = createOne(model, body ?? {}, ctx);
        const rep = represent(model, row, after(), query, false);
        return { status: 201, body: rep.body, mode: rep.mode, schema };
      }
      case 'PUT':
      case 'PATCH': {
        if (!Array.isArray(body)) {
          throw new HttpError(400, {
            non_field_errors: [
              `Expected a list of items but got type "${
                body === null ? 'NoneType' : 'dict'
              }".`,
            ],
          });
        }
        const rows = updateMany(model, body, method === 'PATCH', ctx);
        const c = new Ctx(state, models, base);
        const out = rows.map(r => represent(model, r, c, query, false));
        return {
          status: 200,
          body: out.map(o => o.body),
          mode: out[0]?.mode ?? modeOf(query),
          schema,
        };
      }
      case 'DELETE': {
        if (!Array.isArray(body)) {
          throw new HttpError(400, {
            non_field_errors: ['Expected a list of items but got type "dict".'],
          });
        }
        deleteRows(model, bulkDeleteIds(body), ctx);
        return { status: 204 };
      }
      default:
        throw detail(405, `Method "${method}" not allowed.`);
    }
  }

  function modeOf(query: URLSearchParams): NetboxExchange['mode'] {
    if (!options.ignoreFields && lastValue(query, 'fields')) return 'fields';
    if (!options.ignoreFields && lastValue(query, 'omit')) return 'omit';
    return lastValue(query, 'brief') ? 'brief' : 'full';
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    const record: CallRecord = {
      method,
      path,
      query: url.search,
      status: 0,
      durationMs: 0,
    };
    log.push(record);
    byRoute[`${method} ${path}`] = (byRoute[`${method} ${path}`] ?? 0) + 1;

    const delay =
      typeof latency === 'function' ? latency({ method, path }) : latency;
    if (delay > 0) await new Promise(r => setTimeout(r, delay));

    const apiMatch = API_ROUTE.exec(path);
    let route: string | undefined;
    if (path === '/api/status/') route = path;
    else if (apiMatch)
      route = `/api/${apiMatch[1]}/${apiMatch[2] !== undefined ? '{id}/' : ''}`;
    const exchange: NetboxExchange = {
      method,
      path,
      route,
      query: url.searchParams,
      requestBody: undefined,
      status: 0,
      body: undefined,
      mode: 'full',
    };
    const send = (
      status: number,
      body: Json | undefined,
      headers: Record<string, string> = {},
      html?: string,
    ) => {
      const text = html ?? (body === undefined ? '' : JSON.stringify(body));
      res.writeHead(status, {
        'Content-Type': html ? 'text/html' : 'application/json',
        'API-Version': apiVersion,
        Vary: 'Accept, Cookie, Origin',
        ...headers,
      });
      res.end(text);
      record.status = status;
      record.durationMs = Math.round(performance.now() - started);
      exchange.status = status;
      exchange.body = body;
      options.onExchange?.(exchange);
    };

    const fault = faults.take(method, path);
    if (fault) {
      exchange.fault = true;
      if (fault.status === 'reset') {
        record.status = -1;
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> =
        fault.retryAfter !== undefined
          ? { 'Retry-After': String(fault.retryAfter) }
          : {};
      if (fault.status === 429) {
        send(429, { detail: 'Request was throttled.' }, headers);
      } else {
        const label = STATUS_LABELS[fault.status] ?? 'Error';
        send(
          fault.status,
          undefined,
          headers,
          `<html><head><title>${fault.status} ${label}</title></head><body><center><h1>${fault.status} ${label}</h1></center><hr><center>nginx</center></body></html>`,
        );
      }
      return;
    }

    try {
      const text = await readBody(req);
      if (!route) {
        // Django's APPEND_SLASH redirects GETs that lack the final slash
        if (method === 'GET' && API_ROUTE.test(`${path}/`)) {
          send(301, undefined, { Location: `${path}/${url.search}` });
          return;
        }
        throw detail(404, 'Not found.');
      }
      const denied = authError(req.headers.authorization);
      if (denied) throw denied;

      let body: unknown;
      if (text.trim()) {
        const type = req.headers['content-type'] ?? '';
        if (!type.includes('json')) {
          throw detail(415, `Unsupported media type "${type}" in request.`);
        }
        try {
          body = JSON.parse(text);
        } catch (e) {
          throw detail(400, `JSON parse error - ${(e as Error).message}`);
        }
      }
      exchange.requestBody = body;

      if (route === '/api/status/') {
        if (method !== 'GET')
          throw detail(405, `Method "${method}" not allowed.`);
        send(200, statusBody(version));
        return;
      }
      const base = `http://${req.headers.host ?? 'localhost'}`;
      const answer = handleApi(method, path, url.searchParams, body, base, {
        endpoint: apiMatch![1],
        id: apiMatch![2],
      });
      exchange.mode = answer.mode ?? 'full';
      exchange.schema = answer.schema;
      send(answer.status, answer.body, answer.headers);
    } catch (error) {
      if (error instanceof HttpError) {
        send(error.status, error.body, error.headers);
        return;
      }
      send(500, {
        error: String((error as Error)?.message ?? error),
        exception: (error as Error)?.name ?? 'Error',
        netbox_version: version,
        python_version: '3.12.3',
      });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token: tokens[0],
    state,
    calls: () => ({
      total: log.length,
      byRoute: { ...byRoute },
      log: [...log],
    }),
    resetCalls: () => {
      log = [];
      byRoute = {};
    },
    injectFaults: (...specs) => faults.add(...specs),
    clearFaults: () => faults.clear(),
    setLatency: l => {
      latency = l;
    },
    reset: () => {
      state.restore(seeded);
      log = [];
      byRoute = {};
      faults.clear();
      latency = options.latencyMs ?? 0;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(err => (err ? reject(err) : resolve()));
      }),
  };
}
