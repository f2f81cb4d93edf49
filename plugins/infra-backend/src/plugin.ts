import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { RedisLayer } from './cache/RedisLayer';
import { readInfraBackendConfig } from './config';
import { InfraStore } from './database/InfraStore';
import { createRouter, ROUTES } from './router/createRouter';

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
      },
      async init({ config, logger, database, httpRouter, lifecycle }) {
        const settings = readInfraBackendConfig(config);
        const store = await InfraStore.create({ database });
        const redis = settings.redisConnection
          ? new RedisLayer(
              settings.redisConnection,
              logger.child({ layer: 'redis' }),
              {
                keyPrefix: 'infra:',
              },
            )
          : undefined;
        lifecycle.addShutdownHook(() => redis?.close());

        httpRouter.use(await createRouter({ store, redis }));
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
