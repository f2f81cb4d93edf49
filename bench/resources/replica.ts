import {
  REDIS_CONNECTION,
  startVcsim,
  topologies,
} from '@internal/infra-test-utils';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { LayeredCache } from '../../plugins/infra-backend/src/cache/LayeredCache';
import { RedisLayer } from '../../plugins/infra-backend/src/cache/RedisLayer';
import { InfraStore } from '../../plugins/infra-backend/src/database/InfraStore';
import {
  createResourcesRouter,
  readResourcesConfig,
  ResourcesRouter,
} from '../../plugins/infra-backend/src/resources';
import { closeConnections } from './get';
import {
  allowAllHttpAuth,
  allowAllPermissions,
  databaseOf,
  listen,
  memorySqlite,
  resourcesConfig,
  silentLogger,
} from './services';

/** One backend replica's resources route: its own memory layer, the given Redis keys and store. */
export interface ServedResources {
  cache: LayeredCache;
  redis: RedisLayer;
  resources: ResourcesRouter;
  /** `http://127.0.0.1:<port>/resources/default` */
  base: string;
  close(): Promise<void>;
}

/**
 * What a replica is built from: this checkout's classes, or another copy of
 * plugins/infra-backend/src loaded at run time (compare.ts measures two trees side by side).
 */
export interface ResourcesTree {
  LayeredCache: typeof LayeredCache;
  RedisLayer: typeof RedisLayer;
  createResourcesRouter: typeof createResourcesRouter;
}

const THIS_TREE: ResourcesTree = {
  LayeredCache,
  RedisLayer,
  createResourcesRouter,
};

/** The resources router over a LayeredCache (memory, Redis under `keyPrefix`, `store`), on loopback. */
export async function serveResources(options: {
  settings: ReturnType<typeof readResourcesConfig>;
  store: InfraStore;
  keyPrefix: string;
  logger: ReturnType<typeof silentLogger>;
  tree?: ResourcesTree;
}): Promise<ServedResources> {
  const { settings, store, keyPrefix, logger, tree = THIS_TREE } = options;
  const redis = new tree.RedisLayer(REDIS_CONNECTION, logger, { keyPrefix });
  const cache = new tree.LayeredCache({ database: store, redis, logger });
  await cache.ready();
  const resources = tree.createResourcesRouter({
    settings,
    cache,
    logger,
    httpAuth: allowAllHttpAuth(),
    permissions: allowAllPermissions(),
  });
  const server = await listen(express().use(resources.router));
  return {
    cache,
    redis,
    resources,
    base: `${server.url}/resources/default`,
    async close() {
      // every step is tried, so one failure leaves no connection open; the first is reported
      let failure: unknown;
      for (const step of [
        () => resources.close(),
        () => cache.close(),
        () => server.close(),
        () => redis.close(),
      ]) {
        await step().catch(error => {
          failure ??= error;
        });
      }
      if (failure) throw failure;
    },
  };
}

/**
 * The resources suite's setup with one replica, for the tools of this folder: vcsim with 1,500
 * VMs and 200 templates, the router over LayeredCache (memory, Redis, in-memory SQLite), served
 * on loopback. `url` is the first cluster's resources; `close` stops everything.
 */
export async function oneReplica() {
  const vc = await startVcsim({
    topology: { ...topologies.vms1500, templates: 200 },
    startTimeoutMs: 300_000,
  });
  const knex = memorySqlite();
  const served = await serveResources({
    settings: readResourcesConfig(resourcesConfig(vc)),
    store: await InfraStore.create({ database: databaseOf(knex) }),
    keyPrefix: `infra-bench:${randomUUID()}:`,
    logger: silentLogger(),
  });
  const { base } = served;
  const dcs: any = await (await fetch(`${base}/datacenters`)).json();
  const dc = dcs.datacenters.items[0].id;
  const clusters: any = await (
    await fetch(`${base}/datacenters/${dc}/clusters`)
  ).json();
  const cluster: string = clusters.clusters.items[0].id;
  return {
    cache: served.cache,
    service: served.resources.service,
    cluster,
    url: `${base}/clusters/${cluster}`,
    async close() {
      closeConnections();
      await served.close();
      await knex.destroy();
      await vc.stop();
    },
  };
}
