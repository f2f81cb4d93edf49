import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  describeWith,
  REDIS_CONNECTION,
  redisRequirement,
  RunningVcsim,
  startVcsim,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import {
  Inventory,
  moRefKey,
  readInventory,
  VimClient,
} from '@infra-inventory/plugin-infra-node';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import request from 'supertest';
/* eslint-disable-next-line @backstage/no-relative-monorepo-imports */
import { logoutUnderneath } from '../../../infra-node/src/vsphere/__testUtils__/vcsimCalls';
import { LayeredCache } from '../cache/LayeredCache';
import { RedisLayer } from '../cache/RedisLayer';
import { InfraStore } from '../database/InfraStore';
import { createResourcesRouter, readResourcesConfig } from '.';
import type { ResourcesRouter } from '.';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const STATUS: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ServiceUnavailableError: 503,
};

/**
 * What the API should answer for each cluster, worked out from a full inventory read. vcsim
 * attaches every datastore and network of its datacenter to every host, its hosts' network lists
 * leave out the DVS uplink portgroup that the cluster's list has, and it does not set
 * `config.uplink`: so networks and datastores are counted from vcsim's own counts (one datacenter).
 */
function expectedOf(inventory: Inventory) {
  const clusters = inventory.computeResources.filter(c => c.isCluster);
  return new Map(
    clusters.map(cluster => {
      const hosts = new Set(
        inventory.hosts
          .filter(h => h.parent?.value === cluster.moref.value)
          .map(h => moRefKey(h.moref)),
      );
      return [
        cluster.moref.value,
        {
          name: cluster.name,
          pools: inventory.resourcePools.filter(
            p => p.parent?.value === cluster.moref.value,
          ).length,
          templates: inventory.vms
            .filter(
              vm => vm.template && vm.host && hosts.has(moRefKey(vm.host)),
            )
            .map(vm => vm.name)
            .sort(),
        },
      ];
    }),
  );
}

describeWith(vcsimRequirement, redisRequirement)(
  'resources API (real vcsim, Redis and SQLite)',
  () => {
    const logger = mockServices.logger.mock();
    let vc: RunningVcsim;
    let knex: Knex;
    let expected: ReturnType<typeof expectedOf>;
    let datacenterIds: string[];
    const opened: Array<{ close(): Promise<void> }> = [];

    beforeAll(async () => {
      [vc, knex] = await Promise.all([
        startVcsim({ topology: 'demo' }),
        databases.init('SQLITE_3'),
      ]);
      const client = await VimClient.connect(vc);
      try {
        const inventory = await readInventory(client);
        expected = expectedOf(inventory);
        datacenterIds = inventory.datacenters.map(d => d.moref.value);
      } finally {
        await client.close();
      }
    }, 120_000);

    afterEach(async () => {
      for (const resource of opened.splice(0).reverse()) await resource.close();
    });
    afterAll(() => vc?.stop());

    let decision = 'ALLOW';
    const networkCount = () =>
      ['Network', 'DistributedVirtualPortgroup', 'OpaqueNetwork'].reduce(
        (n, type) => n + (vc.counts![type] ?? 0),
        0,
      );

    /**
     * The router in an express app, on a cache of its own (unique Redis prefix) and a vCenter
     * identity of its own (vcsim accepts any user, and the user is part of the cache namespace).
     */
    async function setup(
      options: {
        target?: RunningVcsim;
        resources?: object;
        wrap?: (client: VimClient) => void;
      } = {},
    ) {
      const target = options.target ?? vc;
      const store = await InfraStore.create({
        database: { getClient: async () => knex },
      });
      const redis = new RedisLayer(REDIS_CONNECTION, logger, {
        keyPrefix: `infra-test:${randomUUID()}:`,
      });
      const cache = new LayeredCache({ database: store, redis, logger });
      await cache.ready();
      const clients: VimClient[] = [];
      const resources: ResourcesRouter = createResourcesRouter({
        settings: readResourcesConfig(
          new ConfigReader({
            catalog: {
              providers: {
                vsphere: {
                  lab: {
                    url: target.url,
                    username: `user-${randomUUID()}`,
                    password: target.password,
                    requestTimeoutMs: 5000,
                  },
                },
              },
            },
            infra: { resources: options.resources ?? {} },
          }),
        ),
        cache,
        logger,
        httpAuth: mockServices.httpAuth(),
        permissions: mockServices.permissions.mock({
          authorize: async () => [{ result: decision }] as never,
        }),
        connect: async v => {
          const client = await VimClient.connect({
            url: v.url,
            username: v.username,
            password: v.password,
          });
          options.wrap?.(client);
          clients.push(client);
          return client;
        },
      });
      opened.push(redis, cache, resources);
      const app = express();
      app.use(resources.router);
      app.use(
        (
          err: Error,
          _req: express.Request,
          res: express.Response,
          _next: express.NextFunction,
        ) => {
          res
            .status(STATUS[err.name] ?? 500)
            .json({ error: { name: err.name, message: err.message } });
        },
      );
      const soapCalls = () =>
        clients.reduce((n, c) => n + c.stats.soapCalls, 0);
      return { app, resources, cache, soapCalls, clients };
    }

    async function get(app: express.Express, path: string, status = 200) {
      const res = await request(app).get(path);
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      return res.body;
    }

    it('answers datacenters, clusters and cluster resources as vcsim has them, then from memory', async () => {
      const { app, soapCalls } = await setup();

      const dcs = await get(app, '/resources/lab/datacenters');
      expect(
        dcs.datacenters.items.map((d: { id: string }) => d.id).sort(),
      ).toEqual([...datacenterIds].sort());
      expect(dcs.datacenters).toMatchObject({ stale: false });

      const dc = datacenterIds[0];
      const clusters = await get(
        app,
        `/resources/lab/datacenters/${dc}/clusters`,
      );
      expect(clusters.clusters.items).toHaveLength(
        vc.counts!.ClusterComputeResource,
      );
      expect(
        clusters.clusters.items.map((c: { id: string; name: string }) => [
          c.id,
          c.name,
        ]),
      ).toEqual(
        [...expected.entries()]
          .map(([id, e]) => [id, e.name])
          .sort((a, b) => a[1].localeCompare(b[1])),
      );

      let templates = 0;
      for (const [id, want] of expected) {
        const body = await get(app, `/resources/lab/clusters/${id}`);
        expect(body.pools.items).toHaveLength(want.pools);
        expect(body.networks.items).toHaveLength(networkCount());
        expect(body.datastores.items).toHaveLength(vc.counts!.Datastore);
        expect(body.templates).toMatchObject({
          loading: false,
          total: want.templates.length,
          truncated: false,
          stale: false,
        });
        expect(
          body.templates.items.map((t: { name: string }) => t.name),
        ).toEqual(want.templates);
        templates += want.templates.length;
        for (const ds of body.datastores.items) {
          expect(ds.capacityBytes).toBeGreaterThan(0);
          expect(ds.freeBytes).toBeGreaterThanOrEqual(0);
        }
        // pruned: only what the UI shows
        expect(Object.keys(body.pools.items[0]).sort()).toEqual([
          'id',
          'kind',
          'name',
        ]);
        expect(body.networks.items.every((n: { kind: string }) => n.kind)).toBe(
          true,
        );
        const portgroups = body.networks.items.filter(
          (n: { kind: string }) => n.kind === 'portgroup',
        );
        expect(portgroups.length).toBeGreaterThan(0);
        for (const pg of portgroups) {
          expect(pg.vlanId ?? pg.vlanTrunk ?? pg.pvlanId).toBeDefined();
        }
        // vcsim's uplink portgroup trunks 0-4094; the others carry one VLAN
        expect(
          portgroups.filter(
            (pg: { vlanId?: number }) => pg.vlanId !== undefined,
          ),
        ).toHaveLength(portgroups.length - 1);
      }
      expect(templates).toBe(vc.counts!.template);

      // everything again: memory answers, vCenter is not asked
      const before = soapCalls();
      await get(app, '/resources/lab/datacenters');
      await get(app, `/resources/lab/datacenters/${dc}/clusters`);
      for (const id of expected.keys()) {
        const body = await get(app, `/resources/lab/clusters/${id}`);
        expect(body.pools.ageMs).toBeGreaterThanOrEqual(0);
      }
      expect(soapCalls()).toBe(before);

      await get(app, '/resources/nope/datacenters', 404);
      await get(app, '/resources/lab/clusters/domain-c99999', 404);
      await get(app, '/resources/lab/clusters/bad%20id', 400);
    });

    it('answers the live alarms and usage of a cluster from one read, then from memory (vcsim 0.24 has no alarms)', async () => {
      const { app, soapCalls } = await setup();
      await get(app, '/resources/lab/datacenters'); // logs in
      const [id] = expected.keys();
      const before = soapCalls();
      const body = await get(app, `/resources/lab/clusters/${id}/alarms`);
      expect(body).toEqual({
        vcenter: 'lab',
        cluster: id,
        alarms: { items: [], stale: false, ageMs: expect.any(Number) },
      });
      // CreateContainerView and one RetrievePropertiesEx; nothing triggered, so no name read
      expect(soapCalls() - before).toBe(2);
      await get(app, `/resources/lab/clusters/${id}/alarms`);
      expect(soapCalls() - before).toBe(2);
      // usage came with the same read: vcsim gives every host 67 MHz and 1404 MB of quick stats
      const { usage, stale } = await get(
        app,
        `/resources/lab/clusters/${id}/usage`,
      );
      expect(soapCalls() - before).toBe(2);
      expect(stale).toBe(false);
      expect(usage.hostsReporting).toBeGreaterThan(0);
      expect(usage).toEqual({
        cpuUsedMhz: 67 * usage.hostsReporting,
        memoryUsedMb: 1404 * usage.hostsReporting,
        cpuEffectiveMhz: expect.any(Number),
        memoryEffectiveMb: expect.any(Number),
        hostsReporting: usage.hostsReporting,
      });
      // MB as the API defines them, although vcsim reports bytes: at most 4 GiB per vcsim host
      expect(usage.memoryEffectiveMb).toBeLessThanOrEqual(
        4096 * usage.hostsReporting,
      );
      expect(usage.memoryEffectiveMb).toBeGreaterThan(0);
      await get(app, '/resources/lab/clusters/domain-c99999/alarms', 404);
      await get(app, '/resources/lab/clusters/domain-c99999/usage', 404);
      await get(app, '/resources/lab/clusters/bad%20id/alarms', 400);
    });

    it('reads again on new views when the session that held its views ended underneath', async () => {
      const { app, resources, clients } = await setup();
      const [id] = expected.keys();
      const first = await get(app, `/resources/lab/clusters/${id}`);
      const client = clients[0];
      const session = client.session!.key;
      expect(await logoutUnderneath(vc.url, session)).toBe(200);
      await resources.service.invalidate('lab', id);
      const views = () => client.stats.soapCalls;
      const before = views();
      const faults = client.stats.faults;
      // NotAuthenticated, Login, then the kept views are unknown to the new session: new ones
      const again = await get(app, `/resources/lab/clusters/${id}`);
      expect(client.session!.key).not.toBe(session);
      expect(again.pools.items).toEqual(first.pools.items);
      expect(again.templates.items).toEqual(first.templates.items);
      // NotAuthenticated and then ManagedObjectNotFound (the kept view) for each of the two reads
      expect(client.stats.faults - faults).toBe(4);
      expect(views() - before).toBeGreaterThan(2);
      // and the new views are kept in turn
      await resources.service.invalidate('lab', id);
      const kept = views();
      await get(app, `/resources/lab/clusters/${id}`);
      expect(views() - kept).toBe(2);
    });

    it('shares one vCenter read between concurrent cold requests', async () => {
      const { app, soapCalls } = await setup();
      await get(app, '/resources/lab/datacenters'); // logs in
      const [id] = expected.keys();
      const before = soapCalls();
      const [a, b] = await Promise.all([
        get(app, `/resources/lab/clusters/${id}`),
        get(app, `/resources/lab/clusters/${id}`),
      ]);
      expect(a).toEqual(b);
      // one read each for resources and templates: CreateContainerView (the views are kept for
      // the next reads) and RetrievePropertiesEx
      expect(soapCalls() - before).toBe(4);
    });

    it('answers the bytes res.json would, from memory as when loaded, and when the entry turns stale', async () => {
      const { app, resources } = await setup({
        resources: { ttlSeconds: { pools: 0.3, templates: 0.3 } },
      });
      const [id] = expected.keys();
      const path = `/resources/lab/clusters/${id}`;
      const text = async () => {
        const res = await request(app).get(path);
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe(
          'application/json; charset=utf-8',
        );
        // what JSON.stringify gives for the answer, byte for byte
        expect(res.text).toBe(JSON.stringify(JSON.parse(res.text)));
        return res.text;
      };
      const withoutAge = (t: string) => t.replace(/"ageMs":\d+/g, '"ageMs":0');

      const loaded = await text();
      const fromMemory = await text();
      expect(withoutAge(fromMemory)).toBe(withoutAge(loaded));
      // the service's object, serialised afresh, says the same
      const direct = await resources.service.clusterResources('lab', id);
      expect(withoutAge(JSON.stringify(direct))).toBe(withoutAge(fromMemory));
      expect(JSON.parse(fromMemory).pools.stale).toBe(false);

      // past the TTL: the same lists, now marked stale, with their age
      await sleep(400);
      const stale = await text();
      const staleBody = JSON.parse(stale);
      expect(staleBody.pools).toMatchObject({ stale: true });
      expect(staleBody.templates).toMatchObject({ stale: true });
      expect(staleBody.pools.ageMs).toBeGreaterThanOrEqual(300);
      expect(withoutAge(stale).replace(/"stale":true/g, '"stale":false')).toBe(
        withoutAge(loaded),
      );
      // refreshed in the background: fresh again
      await resources.service.settled();
      const deadline = Date.now() + 3000;
      let body = JSON.parse(await text());
      while (body.pools.stale && Date.now() < deadline) {
        await sleep(20);
        body = JSON.parse(await text());
      }
      expect(body.pools.stale).toBe(false);
      expect(body.pools.ageMs).toBeLessThan(300);
    });

    it("answers gzip to clients that take it, which Backstage's compression middleware leaves as it is", async () => {
      const { resources } = await setup();
      // the root router's middleware, as every Backstage backend has it in front of plugins
      const app = express()
        .use(
          MiddlewareFactory.create({
            config: new ConfigReader({}),
            logger,
          }).compression(),
        )
        .use(resources.router);
      const server = app.listen(0, '127.0.0.1');
      opened.push({
        close: () => new Promise<void>(r => server.close(() => r())),
      });
      await new Promise(r => server.once('listening', r));
      const { port } = server.address() as AddressInfo;
      const [id] = expected.keys();
      // the bytes on the wire, not inflated by the client
      const raw = (acceptEncoding?: string) =>
        new Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }>(
          (resolve, reject) => {
            http
              .get(
                {
                  port,
                  host: '127.0.0.1',
                  path: `/resources/lab/clusters/${id}`,
                  headers: acceptEncoding
                    ? { 'accept-encoding': acceptEncoding }
                    : {},
                },
                res => {
                  const chunks: Buffer[] = [];
                  res.on('data', c => chunks.push(c));
                  res.on('end', () =>
                    resolve({
                      headers: res.headers,
                      body: Buffer.concat(chunks),
                    }),
                  );
                },
              )
              .on('error', reject);
          },
        );
      const withoutAge = (t: string) => t.replace(/"ageMs":\d+/g, '"ageMs":0');

      const plain = await raw();
      expect(plain.headers['content-encoding']).toBeUndefined();
      const text = plain.body.toString('utf8');
      expect(text).toBe(JSON.stringify(JSON.parse(text)));
      expect(JSON.parse(text).templates.items.length).toBeGreaterThan(0);

      for (const acceptEncoding of ['gzip, deflate, br, zstd', 'gzip']) {
        const zipped = await raw(acceptEncoding);
        expect(zipped.headers).toMatchObject({
          'content-encoding': 'gzip',
          'content-length': String(zipped.body.length),
          'content-type': 'application/json; charset=utf-8',
        });
        expect(zipped.headers.vary).toMatch(/accept-encoding/i);
        // compressed once: one inflation gives the JSON text
        expect(withoutAge(gunzipSync(zipped.body).toString('utf8'))).toBe(
          withoutAge(text),
        );
        expect(zipped.body.length).toBeLessThan(plain.body.length);
      }
      // a client that refuses gzip gets the text
      const refused = await raw('gzip;q=0, identity');
      expect(refused.headers['content-encoding']).toBeUndefined();
      expect(withoutAge(refused.body.toString('utf8'))).toBe(withoutAge(text));
    });

    it('answers the last good entry, marked stale, when vCenter is gone', async () => {
      const own = await startVcsim({ topology: 'small' });
      try {
        const { app } = await setup({
          target: own,
          resources: {
            ttlSeconds: { datacenters: 0.3, pools: 0.3, templates: 0.3 },
          },
        });
        const fresh = await get(app, '/resources/lab/datacenters');
        const dc = fresh.datacenters.items[0].id;
        const clusters = await get(
          app,
          `/resources/lab/datacenters/${dc}/clusters`,
        );
        const cluster = clusters.clusters.items[0].id;
        const resources = await get(app, `/resources/lab/clusters/${cluster}`);

        own.kill();
        await sleep(400);
        const stale = await get(app, '/resources/lab/datacenters');
        expect(stale.datacenters).toMatchObject({
          items: fresh.datacenters.items,
          stale: true,
        });
        expect(stale.datacenters.ageMs).toBeGreaterThanOrEqual(300);
        const staleResources = await get(
          app,
          `/resources/lab/clusters/${cluster}`,
        );
        expect(staleResources).toMatchObject({
          pools: { items: resources.pools.items, stale: true },
          datastores: { items: resources.datastores.items, stale: true },
          templates: { loading: false, stale: true },
        });
        // once the background refresh has failed, the answer says why
        await sleep(200);
        const again = await get(app, '/resources/lab/datacenters');
        expect(again.datacenters).toMatchObject({
          stale: true,
          refreshError: expect.any(String),
        });
      } finally {
        await own.stop();
      }
    });

    it('answers without templates while they load, and fills them in in the background', async () => {
      let release!: () => void;
      const gate = new Promise<void>(resolve => {
        release = resolve;
      });
      const { app, resources, soapCalls } = await setup({
        resources: { templates: { timeoutMs: 150, limit: 1 } },
        wrap: client => {
          // a slow template read: hold the VirtualMachine read until the test lets it go
          const retrieveAll = client.retrieveAll.bind(client);
          client.retrieveAll = async (specSet, options) => {
            if (specSet[0].propSet.some(p => p.type === 'VirtualMachine')) {
              await gate;
            }
            return retrieveAll(specSet, options);
          };
        },
      });
      const [id, want] = [...expected.entries()].find(
        ([, e]) => e.templates.length > 0,
      )!;

      const started = Date.now();
      const first = await get(app, `/resources/lab/clusters/${id}`);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(first.pools.items).toHaveLength(want.pools);
      expect(first.datastores.items).toHaveLength(vc.counts!.Datastore);
      expect(first.templates).toMatchObject({ items: [], loading: true });

      release();
      await resources.service.settled();
      const before = soapCalls();
      const second = await get(app, `/resources/lab/clusters/${id}`);
      expect(soapCalls()).toBe(before);
      expect(second.templates).toMatchObject({
        loading: false,
        stale: false,
        total: want.templates.length,
        truncated: want.templates.length > 1,
        items: [expect.objectContaining({ name: want.templates[0] })],
      });
    });

    it('lets only infra admins invalidate a cluster or a whole vCenter', async () => {
      const { app, soapCalls } = await setup();
      const [id] = expected.keys();
      await get(app, '/resources/lab/datacenters');
      await get(app, `/resources/lab/clusters/${id}`);
      const cached = soapCalls();

      decision = 'DENY';
      try {
        const denied = await request(app)
          .post('/resources/lab/invalidate')
          .send({ cluster: id });
        expect(denied.status).toBe(403);
      } finally {
        decision = 'ALLOW';
      }
      await get(app, `/resources/lab/clusters/${id}`);
      expect(soapCalls()).toBe(cached);

      // one cluster: its resources are read again, the datacenters are not
      const one = await request(app)
        .post('/resources/lab/invalidate')
        .send({ cluster: id });
      expect(one.status).toBe(200);
      // its resources, templates and alarms
      expect(one.body.invalidated).toHaveLength(3);
      await get(app, '/resources/lab/datacenters');
      expect(soapCalls()).toBe(cached);
      await get(app, `/resources/lab/clusters/${id}`);
      // one RetrievePropertiesEx each for resources and templates, on the views kept from before
      expect(soapCalls()).toBe(cached + 2);

      // the whole vCenter
      const all = await request(app).post('/resources/lab/invalidate').send({});
      expect(all.status).toBe(200);
      await get(app, '/resources/lab/datacenters');
      expect(soapCalls()).toBe(cached + 3);

      expect(
        (await request(app).post('/resources/nope/invalidate').send({})).status,
      ).toBe(404);
    });
  },
);
