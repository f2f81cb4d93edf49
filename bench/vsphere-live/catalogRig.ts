import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  EntityProvider,
} from '@backstage/plugin-catalog-node';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { knex as createKnex } from 'knex';
import { SyncSources } from '../../plugins/catalog-backend-module-infra/src/sync/SyncSources';
import { SyncStore } from '../../plugins/catalog-backend-module-infra/src/sync/SyncStore';
import { readVsphereProviderConfigs } from '../../plugins/catalog-backend-module-infra/src/vsphere/config';
import {
  readVsphereLiveConfig,
  VsphereLiveConfig,
} from '../../plugins/catalog-backend-module-infra/src/vsphere/live/config';
import { VsphereEntityProvider } from '../../plugins/catalog-backend-module-infra/src/vsphere/VsphereEntityProvider';
import { dropDatabases, pgConnectionObject } from '../catalog/catalogVisible';
import { TimedConnection } from './timedConnection';

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

function quietLogger(log: (m: string) => void): LoggerService {
  const logger: LoggerService = {
    error: m => log(`provider error: ${m}`),
    warn: m => log(`provider warning: ${m}`),
    info: () => {},
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

export interface CatalogRig {
  provider: VsphereEntityProvider;
  /**
   * What the provider handed the catalog's connection, each timed when the catalog's
   * applyMutation returned (the mutation is in the catalog's database).
   */
  connection: TimedConnection;
  /** performance.now() when the provider called applyMutation, by the same index. */
  handedAt: number[];
  /** `totalItems` of GET /api/catalog/entities/by-query for these filters (AND). */
  count(filters: Record<string, string>): Promise<number>;
  /** An entity through GET /api/catalog/entities/by-name (undefined when not found). */
  get(name: string): Promise<Entity | undefined>;
  /**
   * The live loop's settings, the very object the loop reads at each batch: the bench changes
   * `maxEntitiesPerDelta` between bursts.
   */
  live: VsphereLiveConfig;
  /** `final_entities.last_updated_at` by entity ref: it moves when a stitch changed the entity. */
  finalUpdatedAt(): Promise<Map<string, string>>;
  /** Entity refs in the catalog's `stitch_queue` (waiting for, or being, stitched). */
  stitchQueue(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * A real Backstage backend (createBackend, the stock catalog plugin on PostgreSQL) with a
 * VsphereEntityProvider and its live loop registered the way the module does, reading the vCenter
 * at `url`. The provider's connection is the catalog's own, wrapped only to time each mutation.
 */
export async function startCatalogRig(options: {
  url: string;
  username: string;
  password: string;
  maxWaitSeconds: number;
  maxEntitiesPerDelta?: number;
  log: (m: string) => void;
}): Promise<CatalogRig> {
  const pg =
    process.env.BENCH_POSTGRES_CONNECTION ??
    'postgresql://postgres@127.0.0.1:5432';
  const dbPrefix = `bench_vslive_${randomBytes(4).toString('hex')}_`;
  const token = randomBytes(24).toString('hex');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  const storeDb = createKnex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const store = await SyncStore.create({
    database: { getClient: async () => storeDb },
  });
  const block = new ConfigReader({
    url: options.url,
    username: options.username,
    password: options.password,
    live: { maxWaitSeconds: options.maxWaitSeconds },
  });
  const [vcConfig] = readVsphereProviderConfigs(
    new ConfigReader({
      catalog: { providers: { vsphere: { sim: block.get() } } },
    }),
  );
  const liveConfig = readVsphereLiveConfig(block);
  if (options.maxEntitiesPerDelta) {
    liveConfig.maxEntitiesPerDelta = options.maxEntitiesPerDelta;
  }
  const sources = new SyncSources();
  sources.register({
    kind: 'vsphere',
    id: 'sim',
    url: vcConfig.url,
    taskId: 't',
  });
  const provider = new VsphereEntityProvider(vcConfig, {
    logger: quietLogger(options.log),
    taskRunner: { run: async ({ fn }) => fn(new AbortController().signal) },
    store,
    sources,
    live: { config: liveConfig },
  });
  const connection = new TimedConnection();
  const handedAt: number[] = [];
  const timed: EntityProvider = {
    getProviderName: () => provider.getProviderName(),
    async connect(catalogConnection) {
      // every mutation goes to the catalog; the recording copy only notes when it was handed over
      await provider.connect({
        applyMutation: async m => {
          handedAt.push(performance.now());
          await catalogConnection.applyMutation(m);
          await connection.applyMutation(m);
        },
        refresh: o => catalogConnection.refresh(o),
      });
    },
  };

  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () =>
        new ConfigReader({
          app: { baseUrl: 'http://localhost:3000' },
          backend: {
            baseUrl,
            listen: { host: '127.0.0.1', port },
            logger: { level: 'warn' },
            auth: {
              externalAccess: [
                { type: 'static', options: { token, subject: 'vslive-bench' } },
              ],
            },
            database: {
              client: 'pg',
              connection: pgConnectionObject(pg),
              prefix: dbPrefix,
            },
          },
          // no periodic re-processing during the measurement
          catalog: { processingInterval: { minutes: 30 } },
        }),
    }),
  );
  backend.add(catalogPlugin);
  backend.add(
    createBackendModule({
      pluginId: 'catalog',
      moduleId: 'vsphere-live-bench',
      register(reg) {
        reg.registerInit({
          deps: { catalog: catalogProcessingExtensionPoint },
          async init({ catalog }) {
            catalog.addEntityProvider(timed);
          },
        });
      },
    }),
  );
  await backend.start();
  const catalogDb = createKnex({
    client: 'pg',
    connection: {
      ...pgConnectionObject(pg),
      database: `${dbPrefix}catalog`,
    },
    pool: { min: 0, max: 1 },
  });
  return {
    provider,
    connection,
    handedAt,
    live: liveConfig,
    async finalUpdatedAt() {
      const rows: Array<{
        entity_ref: string;
        last_updated_at: Date | string | null;
      }> = await catalogDb('final_entities').select(
        'entity_ref',
        'last_updated_at',
      );
      return new Map(rows.map(r => [r.entity_ref, String(r.last_updated_at)]));
    },
    async stitchQueue() {
      const rows: Array<{ entity_ref: string }> = await catalogDb(
        'stitch_queue',
      ).select('entity_ref');
      return rows.map(r => r.entity_ref);
    },
    async count(filters) {
      // one `filter` parameter: its comma-separated conditions are ANDed (several are ORed)
      const filter = `filter=${encodeURIComponent(
        Object.entries(filters)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      )}`;
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-query?limit=1&fields=metadata.name&${filter}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (!res.ok) throw new Error(`by-query answered ${res.status}`);
      return ((await res.json()) as { totalItems: number }).totalItems;
    },
    async get(name) {
      const res = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/resource/default/${encodeURIComponent(
          name,
        )}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (res.status === 404) return undefined;
      if (!res.ok) throw new Error(`by-name answered ${res.status}`);
      return (await res.json()) as Entity;
    },
    async stop() {
      await Promise.race([
        provider.close().catch(() => undefined),
        new Promise(r => setTimeout(r, 5000).unref()),
      ]);
      await backend.stop();
      await catalogDb.destroy();
      await storeDb.destroy();
      await dropDatabases(pg, dbPrefix).catch(e =>
        options.log(`could not drop ${dbPrefix}*: ${e}`),
      );
    },
  };
}
