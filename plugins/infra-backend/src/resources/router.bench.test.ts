import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  describeWith,
  REDIS_CONNECTION,
  redisRequirement,
  startVcsim,
  topologies,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import express from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { LayeredCache } from '../cache/LayeredCache';
import { RedisLayer } from '../cache/RedisLayer';
import { InfraStore } from '../database/InfraStore';
import { createResourcesRouter, readResourcesConfig } from '.';

// Timing only, on demand: INFRA_RESOURCES_BENCH=1 (starting vms1500 is slow on a shared machine)
const describeBench = process.env.INFRA_RESOURCES_BENCH
  ? describeWith(vcsimRequirement, redisRequirement)
  : describe.skip;

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describeBench('resources API timing on vms1500', () => {
  it('reads one cluster cold, then warm', async () => {
    const logger = mockServices.logger.mock();
    const [vc, knex] = await Promise.all([
      startVcsim({
        // vms1500 with some of its VMs made templates, so the template read has work to do
        topology: { ...topologies.vms1500, templates: 20 },
        startTimeoutMs: 300_000,
      }),
      databases.init('SQLITE_3'),
    ]);
    const store = await InfraStore.create({
      database: { getClient: async () => knex },
    });
    const redis = new RedisLayer(REDIS_CONNECTION, logger, {
      keyPrefix: `infra-bench:${randomUUID()}:`,
    });
    const cache = new LayeredCache({ database: store, redis, logger });
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
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
    });
    const app = express().use(resources.router);
    try {
      await cache.ready();
      const dcs = await request(app).get('/resources/default/datacenters');
      const dc = dcs.body.datacenters.items[0].id;
      const clusters = await request(app).get(
        `/resources/default/datacenters/${dc}/clusters`,
      );
      const cluster = clusters.body.clusters.items[0].id;
      const time = async () => {
        const started = performance.now();
        const res = await request(app).get(
          `/resources/default/clusters/${cluster}`,
        );
        expect(res.status).toBe(200);
        return { ms: performance.now() - started, body: res.body };
      };
      const cold = await time();
      const warmRuns: number[] = [];
      for (let i = 0; i < 5; i++) warmRuns.push((await time()).ms);
      const warm = { ms: warmRuns.sort((a, b) => a - b)[2] };
      // eslint-disable-next-line no-console
      console.log(
        `vms1500 cluster ${cluster}: cold ${cold.ms.toFixed(
          1,
        )} ms, warm ${warm.ms.toFixed(1)} ms (median of 5); pools ${
          cold.body.pools.items.length
        }, networks ${cold.body.networks.items.length}, datastores ${
          cold.body.datastores.items.length
        }, templates ${cold.body.templates.total} (loading ${
          cold.body.templates.loading
        })`,
      );
      expect(warm.ms).toBeLessThan(cold.ms);
    } finally {
      await resources.close();
      await cache.close();
      await redis.close();
      await vc.stop();
    }
  }, 600_000);
});
