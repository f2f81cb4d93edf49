/*
 * measureCatalogVisible: how long provider-emitted entities take to become readable through the
 * catalog API of a real Backstage backend (createBackend() from @backstage/backend-defaults, the
 * stock catalog plugin, real auth/httpAuth/permissions/scheduler/database services), on PostgreSQL
 * or in-memory SQLite.
 *
 * t0 is the moment the provider calls applyMutation (the start of a sync). "Visible" means the
 * catalog API answers GET /api/catalog/entities/by-query with every expected entity (counted
 * through a search-table filter on the entities' managed-by-origin-location, so both the
 * final_entities row and its search rows exist), then confirmed by POST /entities/by-refs for
 * every expected ref. The catalog's own tables are polled alongside (same knex client) to show
 * the phases: processed (refresh_state), stitched (final_entities) and settled (stitch queue empty).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { Knex, knex as createKnex } from 'knex';

export interface MutationStep {
  type: 'full' | 'delta';
  entities: Entity[];
  /** apply this step only when everything applied so far is visible */
  afterVisible?: boolean;
}

export interface MeasureCatalogVisibleOptions {
  /** every entity that must become readable; applied as ONE `full` mutation unless `steps` is set */
  entities: Entity[];
  database: 'postgres' | 'sqlite';
  /** default `catalog-visible-bench` */
  providerName?: string;
  /** merged into the `catalog` config key (e.g. `{ processingInterval: { minutes: 30 } }`) */
  catalogConfig?: JsonObject;
  /**
   * deep-merged into `backend.database` (e.g. `{ knexConfig: { pool: { max: 20 } } }`, or
   * `{ connection: { options: '-c synchronous_commit=off' } }`); on PostgreSQL
   * `backend.database.connection` is an object (host, port, user, password)
   */
  databaseConfig?: JsonObject;
  /** default 10 minutes; the backend is stopped and the error thrown when it passes */
  timeoutMs?: number;
  /** API poll period, default 250 ms (1000 ms above 4,000 entities, to keep the poll's own load low) */
  pollIntervalMs?: number;
  /** instead of one `full` with `entities`: these mutations in order (their union must be `entities`) */
  steps?: MutationStep[];
  /** default env BENCH_POSTGRES_CONNECTION or postgresql://postgres@127.0.0.1:5432 */
  postgresConnection?: string;
  /**
   * entities that exist before the sync starts (the owner group from the org provider, a System),
   * applied by a second provider and readable before t0; not part of `entities`
   */
  preload?: Entity[];
  /** count `search`, `relations`, `final_entities` rows at the end (default true) */
  countRows?: boolean;
  log?: (message: string) => void;
}

export interface CatalogVisibleResult {
  /** t0 -> every entity readable through the API */
  visibleMs: number;
  /** t0 -> the first entity readable through the API */
  firstVisibleMs: number;
  /** t0 -> half of the entities readable through the API */
  halfVisibleMs: number;
  /** max RSS of this process sampled during the run (MB) */
  peakRssMb: number;
  /** time the mutation call(s) took (ms) */
  applyMs: number;
  /** t0 -> every refresh_state row processed (database) */
  processedMs: number;
  /** t0 -> every entity in final_entities (database) */
  dbVisibleMs: number;
  /** t0 -> stitch queue empty after everything was visible (database; -1 if not reached in time) */
  settledMs: number;
  /** CPU time of this process (the backend) from t0 to visible (ms) */
  cpuMs: number;
  /** CPU time of the PostgreSQL backends serving the catalog database, t0 to visible (ms; 0 on SQLite) */
  dbCpuMs: number;
  /** CPU time every other process on the machine used between t0 and visible (ms): the noise */
  otherCpuMs: number;
  /** 1-minute load average when the run started */
  loadAvg: number;
  /** SQL statements the catalog sent from t0 to visible (BEGIN/COMMIT included) */
  queries: number;
  /** the same by statement shape (first 70 characters), the 60 largest */
  queryShapes: Record<string, number>;
  /** summed latency (ms) by statement shape as the backend saw it, largest first */
  queryMs: Record<string, number>;
  entities: number;
  /**
   * Stitching work from t0 to visible: `attempts` (stitch queue items taken, abandoned ones
   * included), `writes` (final_entities upserts: the entity changed), `writesByType` (by
   * `spec.type`, or kind for other kinds; preloaded entities under `preloaded`), `topRefs` (the
   * most written refs and their write counts), `searchRowsSubmitted` (rows handed to the search
   * sync, summed over writes), `relationRowsRead` (relation rows the stitcher read),
   * `finalEntityBytes` (JSON written to final_entities)
   */
  stitch?: {
    attempts: number;
    writes: number;
    writesByType: Record<string, number>;
    topRefs: Array<[string, number]>;
    searchRowsSubmitted: number;
    relationRowsRead: number;
    finalEntityBytes: number;
  };
  rows?: { search: number; relations: number; finalEntities: number };
  /** [ms since t0, api count, processed, final_entities, stitch queue] every ~1 s */
  trace: Array<[number, number, number, number, number]>;
}

const ORIGIN_ANNOTATION = 'backstage.io/managed-by-origin-location';
const LOCATION_ANNOTATION = 'backstage.io/managed-by-location';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

function toDeferred(entities: Entity[]): DeferredEntity[] {
  return entities.map(entity => ({
    entity,
    locationKey: entity.metadata.annotations?.[LOCATION_ANNOTATION],
  }));
}

const CLK_TCK_MS = 10; // getconf CLK_TCK = 100 on Linux

/** utime + stime of a process in ms, or undefined when it is gone or not readable */
function procCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11], fields[12] are utime and stime (fields 14 and 15 of proc(5))
    return (Number(fields[11]) + Number(fields[12])) * CLK_TCK_MS;
  } catch {
    return undefined;
  }
}

/** busy CPU time of the whole machine in ms (all cores), or undefined off Linux */
function machineBusyMs(): number | undefined {
  try {
    const [, ...v] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/);
    const n = v.map(Number);
    // user nice system idle iowait irq softirq steal
    return (n[0] + n[1] + n[2] + n[5] + n[6] + n[7]) * CLK_TCK_MS;
  } catch {
    return undefined;
  }
}

async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const [row] = await query.count({ n: '*' });
  return Number((row as { n: string | number }).n);
}

/** Starts a real backend, applies the mutation(s) at t0, polls until visible, stops the backend. */
export async function measureCatalogVisible(
  options: MeasureCatalogVisibleOptions,
): Promise<CatalogVisibleResult> {
  const log = options.log ?? (() => {});
  const providerName = options.providerName ?? 'catalog-visible-bench';
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const pollIntervalMs =
    options.pollIntervalMs ?? (options.entities.length > 4000 ? 1000 : 250);
  const expected = options.entities.length;
  const steps: MutationStep[] = options.steps ?? [
    { type: 'full', entities: options.entities },
  ];
  const pgConnection =
    options.postgresConnection ??
    process.env.BENCH_POSTGRES_CONNECTION ??
    'postgresql://postgres@127.0.0.1:5432';
  const dbPrefix = `bench_catalog_${randomBytes(4).toString('hex')}_`;
  const token = randomBytes(24).toString('hex');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const origins = [
    ...new Set(
      options.entities.map(e => e.metadata.annotations?.[ORIGIN_ANNOTATION]),
    ),
  ];
  if (origins.some(o => !o)) {
    throw new Error(`every entity needs the ${ORIGIN_ANNOTATION} annotation`);
  }
  const countUrl = `${baseUrl}/api/catalog/entities/by-query?limit=1&fields=metadata.name&${origins
    .map(o =>
      encodeURIComponent(`metadata.annotations.${ORIGIN_ANNOTATION}=${o}`),
    )
    .map(f => `filter=${f}`)
    .join('&')}`;
  const headers = { authorization: `Bearer ${token}` };

  const config: JsonObject = {
    app: { baseUrl: 'http://localhost:3000' },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      logger: { level: process.env.LOG_LEVEL ?? 'warn' },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'catalog-bench' } },
        ],
      },
      database: {
        ...(options.database === 'postgres'
          ? {
              client: 'pg',
              connection: pgConnectionObject(pgConnection),
              prefix: dbPrefix,
            }
          : { client: 'better-sqlite3', connection: ':memory:' }),
      },
    },
    catalog: { ...options.catalogConfig },
  };
  if (options.databaseConfig) {
    const backendConfig = config.backend as JsonObject;
    backendConfig.database = deepMerge(
      backendConfig.database as JsonObject,
      options.databaseConfig,
    );
  }

  const connection = deferred<EntityProviderConnection>();
  const preloadConnection = deferred<EntityProviderConnection>();
  const catalogDb = deferred<Knex>();
  const provider: EntityProvider = {
    getProviderName: () => providerName,
    async connect(c) {
      connection.resolve(c);
    },
  };
  const preloadProvider: EntityProvider = {
    getProviderName: () => `${providerName}-preload`,
    async connect(c) {
      preloadConnection.resolve(c);
    },
  };
  const providerModule = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'catalog-visible-bench',
    register(reg) {
      reg.registerInit({
        deps: {
          catalog: catalogProcessingExtensionPoint,
          database: coreServices.database,
        },
        async init({ catalog, database }) {
          catalog.addEntityProvider(provider, preloadProvider);
          catalogDb.resolve(await database.getClient());
        },
      });
    },
  });

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(config),
    }),
  );
  backend.add(catalogPlugin);
  backend.add(providerModule);

  let peakRss = process.memoryUsage().rss;
  const sampleRss = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };

  let started = false;
  try {
    const startAt = Date.now();
    await backend.start();
    started = true;
    const conn = await connection.promise;
    const db = await catalogDb.promise;
    log(`backend up in ${Date.now() - startAt} ms on :${port}`);

    const apiCount = async (): Promise<number> => {
      // on a saturated machine a poll can fail at the socket (`fetch failed`): retry it
      let res: Response | undefined;
      for (let attempt = 1; !res; attempt++) {
        try {
          res = await fetch(countUrl, { headers });
        } catch (e) {
          if (attempt >= 5) throw e;
          log(`poll failed (${e}), retrying`);
          await sleep(500);
        }
      }
      if (!res.ok) throw new Error(`by-query answered ${res.status}`);
      const body = (await res.json()) as { totalItems: number };
      return body.totalItems;
    };
    const dbCounts = async () => {
      const [processed, finals, queue] = await Promise.all([
        countOf(db('refresh_state').whereNotNull('processed_entity')),
        countOf(db('final_entities').whereNotNull('final_entity')),
        countOf(db('stitch_queue')),
      ]);
      return { processed, finals, queue };
    };

    // every statement the catalog's knex client sends, by shape
    let queries = 0;
    let counting = false;
    const shapes = new Map<string, number>();
    const shapeMs = new Map<string, number>();
    const inFlight = new Map<string, { shape: string; at: number }>();
    type QueryEvent = {
      sql?: string;
      bindings?: unknown[];
      __knexQueryUid?: string;
    };
    const typeOfRef = new Map<string, string>();
    for (const e of options.entities) {
      const type = (e.spec as { type?: unknown } | undefined)?.type;
      typeOfRef.set(
        stringifyEntityRef(e).toLocaleLowerCase('en-US'),
        typeof type === 'string' ? type : e.kind.toLocaleLowerCase('en-US'),
      );
    }
    const stitchWrites = new Map<string, number>();
    let stitchAttempts = 0;
    let searchRowsSubmitted = 0;
    let relationRowsRead = 0;
    let finalEntityBytes = 0;
    const relationReads = new Set<string>();
    db.on('query', (q: QueryEvent) => {
      if (!counting) return;
      // the benchmark's own polling (count ... as "n", pg_stat_activity) is not the catalog's
      if (/as ["`]n["`]|pg_stat_activity/.test(q.sql ?? '')) return;
      queries += 1;
      const sql = q.sql ?? '';
      const b = q.bindings ?? [];
      // PostgreSQL quotes identifiers with ", SQLite with `
      if (/^insert into ["`]final_entities["`]/.test(sql)) {
        const ref = String(b[1]);
        stitchWrites.set(ref, (stitchWrites.get(ref) ?? 0) + 1);
        finalEntityBytes += String(b[2] ?? '').length;
      } else if (
        /^delete from ["`]stitch_queue["`] where ["`]entity_ref["`]/.test(sql)
      ) {
        stitchAttempts += 1;
      } else if (/AS d\(key, value/.test(sql) && Array.isArray(b[0])) {
        searchRowsSubmitted += b[0].length;
      } else if (/^insert into `search`/.test(sql)) {
        // SQLite replaces an entity's search rows: delete, then batch inserts of 4 columns
        searchRowsSubmitted += b.length / 4;
      } else if (
        q.__knexQueryUid &&
        /^select distinct ["`]type["`] as ["`]relationType["`]/.test(sql)
      ) {
        relationReads.add(q.__knexQueryUid);
      }
      const shape = (q.sql ?? '?')
        .replace(/\s+/g, ' ')
        .replace(/\$\d+|\?/g, '?')
        .slice(0, 70);
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      if (q.__knexQueryUid) {
        inFlight.set(q.__knexQueryUid, { shape, at: performance.now() });
      }
    });
    // statement latency as the backend sees it (round trip, server time and waits included)
    const settle = (r: unknown, q: QueryEvent) => {
      if (q?.__knexQueryUid && relationReads.delete(q.__knexQueryUid)) {
        relationRowsRead += Array.isArray(r) ? r.length : 0;
      }
      const started = q?.__knexQueryUid && inFlight.get(q.__knexQueryUid);
      if (!started) return;
      inFlight.delete(q.__knexQueryUid!);
      shapeMs.set(
        started.shape,
        (shapeMs.get(started.shape) ?? 0) + performance.now() - started.at,
      );
    };
    db.on('query-response', settle);
    db.on('query-error', settle);

    // CPU of the PostgreSQL backends of the catalog database: first and last value seen per pid
    const pgCpu = new Map<number, { first: number; last: number }>();
    const samplePgCpu = async (atStart: boolean) => {
      if (options.database !== 'postgres') return;
      const { rows } = await db.raw(
        'select pid from pg_stat_activity where datname = current_database()',
      );
      for (const { pid } of rows as Array<{ pid: number }>) {
        const ms = procCpuMs(pid);
        if (ms === undefined) continue;
        const seen = pgCpu.get(pid);
        if (seen) seen.last = ms;
        else pgCpu.set(pid, { first: atStart ? ms : 0, last: ms });
      }
    };
    const pgCpuMs = () =>
      [...pgCpu.values()].reduce((sum, p) => sum + p.last - p.first, 0);

    // the catalog's own startup mutations (config locations, location store) are empty here
    if ((await apiCount()) !== 0) throw new Error('catalog is not empty at t0');

    if (options.preload?.length) {
      const pre = await preloadConnection.promise;
      await pre.applyMutation({
        type: 'full',
        entities: options.preload.map(entity => ({
          entity,
          locationKey: `${providerName}-preload`,
        })),
      });
      const preRefs = options.preload.map(e => stringifyEntityRef(e));
      const preDeadline = Date.now() + 120_000;
      for (;;) {
        const res = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ entityRefs: preRefs, fields: ['kind'] }),
        });
        const { items } = (await res.json()) as { items: unknown[] };
        if (items.every(Boolean) && (await dbCounts()).queue === 0) break;
        if (Date.now() > preDeadline) throw new Error('preload not visible');
        await sleep(100);
      }
      log(`preloaded ${preRefs.length} entities`);
    }

    const loadAvg = Math.round(loadavg()[0] * 100) / 100;
    await samplePgCpu(true);
    const busy0 = machineBusyMs();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    counting = true;
    const elapsed = () => Math.round(performance.now() - t0);
    let applyMs = 0;
    let firstVisibleMs = -1;
    let halfVisibleMs = -1;
    let visibleMs = -1;
    let processedMs = -1;
    let dbVisibleMs = -1;
    let settledMs = -1;
    let cpuMs = 0;
    let dbCpuMs = 0;
    let otherCpuMs = 0;
    const trace: CatalogVisibleResult['trace'] = [];
    let lastTrace = -Infinity;
    let appliedRefs = 0;
    let lastApi = 0;

    const applyStep = async (step: MutationStep) => {
      const a = performance.now();
      if (step.type === 'full') {
        await conn.applyMutation({
          type: 'full',
          entities: toDeferred(step.entities),
        });
      } else {
        await conn.applyMutation({
          type: 'delta',
          added: toDeferred(step.entities),
          removed: [],
        });
      }
      applyMs += performance.now() - a;
      appliedRefs += step.entities.length;
    };

    const pending = [...steps];
    // steps that need not wait are applied back to back at t0
    while (pending.length && !pending[0].afterVisible) {
      await applyStep(pending.shift()!);
    }
    log(
      `applied ${appliedRefs} entities in ${Math.round(applyMs)} ms (${
        steps.length
      } step(s))`,
    );

    for (;;) {
      const now = elapsed();
      if (now > timeoutMs) {
        throw new Error(
          `timed out after ${timeoutMs} ms: ${lastApi}/${expected} visible`,
        );
      }
      const [count, counts] = await Promise.all([apiCount(), dbCounts()]);
      sampleRss();
      lastApi = count;
      const t = elapsed();
      if (count > 0 && firstVisibleMs < 0) firstVisibleMs = t;
      if (count >= expected / 2 && halfVisibleMs < 0) halfVisibleMs = t;
      if (counts.processed >= expected && processedMs < 0) processedMs = t;
      if (counts.finals >= expected && dbVisibleMs < 0) dbVisibleMs = t;
      if (t - lastTrace >= 1000) {
        await samplePgCpu(false);
        trace.push([t, count, counts.processed, counts.finals, counts.queue]);
        lastTrace = t;
      }
      if (count >= appliedRefs && pending.length) {
        await applyStep(pending.shift()!);
        while (pending.length && !pending[0].afterVisible) {
          await applyStep(pending.shift()!);
        }
      } else if (count >= expected && !pending.length) {
        visibleMs = t;
        counting = false;
        const cpu = process.cpuUsage(cpu0);
        const busy1 = machineBusyMs();
        cpuMs = Math.round((cpu.user + cpu.system) / 1000);
        await samplePgCpu(false);
        dbCpuMs = pgCpuMs();
        if (busy0 !== undefined && busy1 !== undefined) {
          otherCpuMs = Math.max(0, busy1 - busy0 - cpuMs - dbCpuMs);
        }
        if (counts.queue === 0) settledMs = t;
        break;
      }
      await sleep(pollIntervalMs);
    }
    trace.push([
      visibleMs,
      lastApi,
      ...(Object.values(await dbCounts()) as [number, number, number]),
    ]);

    // confirm through by-refs that every expected entity is readable
    const refs = options.entities.map(e => stringifyEntityRef(e));
    for (let i = 0; i < refs.length; i += 1000) {
      const chunk = refs.slice(i, i + 1000);
      const res = await fetch(`${baseUrl}/api/catalog/entities/by-refs`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ entityRefs: chunk, fields: ['metadata.name'] }),
      });
      if (!res.ok) throw new Error(`by-refs answered ${res.status}`);
      const { items } = (await res.json()) as { items: unknown[] };
      const missing = items.filter(item => !item).length;
      if (missing) {
        throw new Error(`by-refs: ${missing} of ${chunk.length} not readable`);
      }
    }
    if (dbVisibleMs < 0) dbVisibleMs = visibleMs;
    if (processedMs < 0) processedMs = visibleMs;

    // settled: the stitch queue drains (parents with many relations are restitched last)
    const settleDeadline = performance.now() + Math.min(60_000, timeoutMs);
    while (settledMs < 0 && performance.now() < settleDeadline) {
      const { queue } = await dbCounts();
      if (queue === 0) settledMs = elapsed();
      else await sleep(pollIntervalMs);
    }

    let rows: CatalogVisibleResult['rows'];
    if (options.countRows ?? true) {
      const [search, relations, finalEntities] = await Promise.all([
        countOf(db('search')),
        countOf(db('relations')),
        countOf(db('final_entities').whereNotNull('final_entity')),
      ]);
      rows = { search, relations, finalEntities };
    }
    sampleRss();
    log(
      `visible ${visibleMs} ms (first ${firstVisibleMs}, half ${halfVisibleMs}, processed ${processedMs}, settled ${settledMs}); cpu ${cpuMs} ms backend + ${dbCpuMs} ms db, others ${otherCpuMs} ms`,
    );
    return {
      visibleMs,
      firstVisibleMs,
      halfVisibleMs,
      peakRssMb: Math.round(peakRss / 1048576),
      applyMs: Math.round(applyMs),
      processedMs,
      dbVisibleMs,
      settledMs,
      cpuMs,
      dbCpuMs,
      otherCpuMs,
      loadAvg,
      queries,
      queryShapes: Object.fromEntries(
        [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 60),
      ),
      queryMs: Object.fromEntries(
        [...shapeMs]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 60)
          .map(([k, v]) => [k, Math.round(v)]),
      ),
      entities: expected,
      stitch: {
        attempts: stitchAttempts,
        writes: [...stitchWrites.values()].reduce((a, n) => a + n, 0),
        writesByType: [...stitchWrites].reduce<Record<string, number>>(
          (acc, [ref, n]) => {
            const t = typeOfRef.get(ref) ?? 'preloaded';
            acc[t] = (acc[t] ?? 0) + n;
            return acc;
          },
          {},
        ),
        topRefs: [...stitchWrites].sort((a, b) => b[1] - a[1]).slice(0, 8),
        searchRowsSubmitted,
        relationRowsRead,
        finalEntityBytes,
      },
      rows,
      trace,
    };
  } finally {
    if (started) {
      await backend.stop().catch(e => log(`backend stop failed: ${e}`));
    }
    if (options.database === 'postgres') {
      await dropDatabases(pgConnection, dbPrefix).catch(e =>
        log(`dropping ${dbPrefix}* failed: ${e}`),
      );
    }
  }
}

/** `postgresql://user:pw@host:port` (or a socket directory as host) as a pg connection object */
export function pgConnectionObject(connection: string): JsonObject {
  const url = new URL(connection);
  const socketDir = url.searchParams.get('host');
  return {
    host: socketDir ?? url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
  };
}

function deepMerge(a: JsonObject, b: JsonObject): JsonObject {
  const out: JsonObject = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] =
      prev &&
      v &&
      typeof prev === 'object' &&
      typeof v === 'object' &&
      !Array.isArray(prev) &&
      !Array.isArray(v)
        ? deepMerge(prev as JsonObject, v as JsonObject)
        : v;
  }
  return out;
}

/** Drops every database whose name starts with `prefix` (the backend creates `<prefix>catalog`). */
export async function dropDatabases(connection: string, prefix: string) {
  const admin = createKnex({
    client: 'pg',
    connection: { ...pgConnectionObject(connection), database: 'postgres' },
    pool: { min: 0, max: 1 },
  });
  try {
    const { rows } = await admin.raw(
      'select datname from pg_database where starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await admin.raw('drop database if exists ?? with (force)', [datname]);
    }
  } finally {
    await admin.destroy();
  }
}
