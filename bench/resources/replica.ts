import { ConfigReader } from '@backstage/config';
import {
  REDIS_CONNECTION,
  startVcsim,
  topologies,
} from '@internal/infra-test-utils';
import express from 'express';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { LayeredCache } from '../../plugins/infra-backend/src/cache/LayeredCache';
import { RedisLayer } from '../../plugins/infra-backend/src/cache/RedisLayer';
import { InfraStore } from '../../plugins/infra-backend/src/database/InfraStore';
import {
  createResourcesRouter,
  readResourcesConfig,
} from '../../plugins/infra-backend/src/resources';
import {
  allowAllHttpAuth,
  allowAllPermissions,
  databaseOf,
  listen,
  memorySqlite,
  silentLogger,
} from './services';

// keep-alive sockets, so a warm request is one HTTP exchange on an open connection
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One GET, body read to the end and dropped; resolves to its byte count. */
export const getBytes = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(url, { agent }, res => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        res.on('error', reject);
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(bytes)
            : reject(new Error(`${url} answered ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });

/**
 * The resources suite's setup with one replica, for the tools of this folder: vcsim with 1,500
 * VMs and 200 templates, the router over LayeredCache (memory, Redis, in-memory SQLite), served
 * on loopback. `url` is the first cluster's resources; `close` stops everything.
 */
export async function oneReplica() {
  const logger = silentLogger();
  const vc = await startVcsim({
    topology: { ...topologies.vms1500, templates: 200 },
    startTimeoutMs: 300_000,
  });
  const knex = memorySqlite();
  const store = await InfraStore.create({ database: databaseOf(knex) });
  const redis = new RedisLayer(REDIS_CONNECTION, logger, {
    keyPrefix: `infra-bench:${randomUUID()}:`,
  });
  const cache = new LayeredCache({ database: store, redis, logger });
  await cache.ready();
  const resources = createResourcesRouter({
    settings: readResourcesConfig(
      new ConfigReader({
        catalog: {
          providers: {
            vsphere: {
              url: vc.url,
              username: `bench-${randomUUID()}`,
              password: vc.password,
            },
          },
        },
      }),
    ),
    cache,
    logger,
    httpAuth: allowAllHttpAuth(),
    permissions: allowAllPermissions(),
  });
  const server = await listen(express().use(resources.router));
  const base = `${server.url}/resources/default`;
  const dcs: any = await (await fetch(`${base}/datacenters`)).json();
  const dc = dcs.datacenters.items[0].id;
  const clusters: any = await (
    await fetch(`${base}/datacenters/${dc}/clusters`)
  ).json();
  const cluster: string = clusters.clusters.items[0].id;
  return {
    cache,
    service: resources.service,
    cluster,
    url: `${base}/clusters/${cluster}`,
    async close() {
      agent.destroy();
      await resources.close();
      await cache.close();
      await server.close();
      await redis.close();
      await knex.destroy();
      await vc.stop();
    },
  };
}

/** Runs a tool's main, exiting with its outcome (vcsim children must not keep it alive). */
export function runTool(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    error => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
