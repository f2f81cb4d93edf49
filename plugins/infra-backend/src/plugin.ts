import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { registerCacheMetrics } from './cache/cacheMetrics';
import { LayeredCache } from './cache/LayeredCache';
import { RedisLayer } from './cache/RedisLayer';
import { readInfraBackendConfig } from './config';
import { InfraStore } from './database/InfraStore';
import { createResourcesRouter, readResourcesConfig } from './resources';
import { createRouter, ROUTES } from './router/createRouter';
import { createSegmentsRouter, readSegmentsConfig } from './segments';

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
      }) {
        const settings = readInfraBackendConfig(config);
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
        lifecycle.addShutdownHook(async () => {
          // background template reads finish and vCenter sessions log out before the cache closes
          await resources.close();
          unregisterMetrics();
          await cache.close();
          await redis?.close();
        });

        httpRouter.use(await createRouter({ store, cache }));
        httpRouter.use(resources.router);
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
