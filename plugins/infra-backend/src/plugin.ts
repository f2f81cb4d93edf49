import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { registerCacheMetrics } from './cache/cacheMetrics';
import { LayeredCache } from './cache/LayeredCache';
import { RedisLayer } from './cache/RedisLayer';
import { readInfraBackendConfig } from './config';
import { InfraStore } from './database/InfraStore';
import { createResourcesRouter, readResourcesConfig } from './resources';
import { subscribeToVsphereChanges } from './resources/vsphereEvents';
import { createRouter, ROUTES } from './router/createRouter';
import { createSegmentsRouter, readSegmentsConfig } from './segments';
import {
  createMacTraceRouter,
  MacTraceStore,
  readMacTraceConfig,
} from './mactrace';
import {
  createMacTraceEngine,
  createSwitchInfoCache,
  SwitchSessionPool,
} from '@infra-inventory/plugin-infra-node';
import { infraPermissions } from '@infra-inventory/plugin-infra-common';

/**
 * The infra backend plugin: status, and (as they land) the cluster resources, segments and
 * MAC-trace APIs, under `/api/infra`.
 *
 * @public
 */
export const infraPlugin = createBackendPlugin({
  pluginId: 'infra',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        metrics: metricsServiceRef,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        events: eventsServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        lifecycle,
        metrics,
        httpAuth,
        permissions,
        permissionsRegistry,
        events,
      }) {
        const settings = readInfraBackendConfig(config);
        const macTraceSettings = readMacTraceConfig(config);
        permissionsRegistry.addPermissions(infraPermissions);
        const store = await InfraStore.create({ database });
        const redis = settings.redisConnection
          ? new RedisLayer(
              settings.redisConnection,
              logger.child({ layer: 'redis' }),
            )
          : undefined;
        const cache = new LayeredCache({
          database: store,
          redis,
          logger: logger.child({ component: 'cache' }),
        });
        const unregisterMetrics = registerCacheMetrics(metrics, cache);
        const resources = createResourcesRouter({
          settings: readResourcesConfig(config),
          cache,
          logger: logger.child({ component: 'resources' }),
          httpAuth,
          permissions,
        });
        // the catalog's vSphere sync says which clusters changed: their entries are dropped
        await subscribeToVsphereChanges({
          events,
          service: resources.service,
          logger: logger.child({ component: 'resources' }),
        });
        // InfraStore.create ran the migrations folder, the MAC-trace tables included
        const macTraceStore = await MacTraceStore.create({
          database,
          skipMigrations: true,
        });
        const switchPool = new SwitchSessionPool({
          maxSessions: macTraceSettings.maxSessions,
          maxSessionsPerSwitch: macTraceSettings.maxSessionsPerSwitch,
          commandTimeoutMs: macTraceSettings.commandTimeoutMs,
          hostKeys: macTraceStore.hostKeyStore(),
          onHostKeyMismatch: e => {
            logger.warn(
              `Host key of switch ${e.switchId} changed (${e.presented}); refused until reviewed`,
            );
            macTraceStore
              .recordHostKeyMismatch(e.switchId, e.presented)
              .catch(() => undefined);
          },
        });
        const macTraceRouter = await createMacTraceRouter({
          store: macTraceStore,
          engine: createMacTraceEngine({
            pool: switchPool,
            cache: createSwitchInfoCache({
              ttlMs: macTraceSettings.portInfoTtlMs,
            }),
            deadlines: {
              commandMs: macTraceSettings.commandTimeoutMs,
              traceMs: macTraceSettings.traceTimeoutMs,
            },
          }),
          permissions,
          httpAuth,
          logger: logger.child({ component: 'mactrace' }),
          switches: macTraceSettings.switches,
          abandonedAfterMs: macTraceSettings.traceTimeoutMs + 60_000,
        });
        lifecycle.addShutdownHook(async () => {
          await macTraceRouter.drain();
          await switchPool.close();
          // background template reads finish and vCenter sessions log out before the cache closes
          await resources.close();
          unregisterMetrics();
          await cache.close();
          await redis?.close();
        });

        httpRouter.use(await createRouter({ store, cache }));
        httpRouter.use(resources.router);
        httpRouter.use(macTraceRouter);
        const segments = readSegmentsConfig(config);
        if (segments.netbox) {
          httpRouter.use(
            createSegmentsRouter({
              config: segments,
              permissions,
              httpAuth,
              logger: logger.child({ component: 'segments' }),
            }),
          );
        }
        httpRouter.addAuthPolicy({
          path: ROUTES.health,
          allow: 'unauthenticated',
        });
        logger.info(
          `Infra backend ready (database ${store.client}, Redis ${
            redis ? 'configured' : 'not configured: memory and database only'
          })`,
        );
      },
    });
  },
});
