/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/compare.ts [--baseline DIR] [--rounds N] [--only cold|memory|redis]
 *
 * Where the time of GET /resources/default/clusters/:id goes, on the resources suite's vcsim
 * (1,500 VMs, 200 templates): cold requests next to the decoded reads alone, and warm requests
 * from memory and from Redis, each also as the bare service call. With --baseline (another copy of
 * plugins/infra-backend/src, e.g. from `git archive`; run with NODE_PATH=node_modules) both trees
 * serve the same vcsim, Redis and database and are measured interleaved, request by request, so a
 * busy machine weighs on both alike. Not a suite: a tool for comparing changes to the cache or
 * the route.
 */
import { startVcsim, topologies } from '@internal/infra-test-utils';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { VimClient } from '../../plugins/infra-node/src/vsphere/client';
import { median, percentile, round } from '../lib/stats';
import {
  databaseOf,
  memorySqlite,
  resourcesConfig,
  silentLogger,
} from './services';
import { closeConnections, getBytes } from './get';
import { ResourcesTree, serveResources } from './replica';
import { runTool } from '../lib/runTool';

// CPU time of the whole process (server, client, cache) per request: far steadier than wall time
// on a machine shared with other work, which only makes the wall figures noisier
const cpuMicros = new Map<string, number>();

async function timed(
  fn: () => Promise<unknown>,
  cpuOf?: string,
): Promise<number> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const ms = performance.now() - started;
  if (cpuOf) {
    const used = process.cpuUsage(cpu);
    cpuMicros.set(cpuOf, (cpuMicros.get(cpuOf) ?? 0) + used.user + used.system);
  }
  return ms;
}

const summary = (runs: number[]) =>
  `median ${round(median(runs), 2)} p90 ${round(
    percentile(runs, 90),
    2,
  )} p99 ${round(percentile(runs, 99), 2)} max ${round(Math.max(...runs), 2)}`;

/** One tree's router, cache and reads, serving the shared vcsim. */
interface Stack {
  label: string;
  settings: { templates: { limit: number } };
  cache: {
    settled(): Promise<void>;
  };
  reads: {
    readClusterResources(client: VimClient, id: string): Promise<unknown>;
    readTemplates(
      client: VimClient,
      id: string,
      limit: number,
    ): Promise<unknown>;
  };
  resources: {
    service: {
      invalidate(vcenter: string, cluster: string): Promise<unknown>;
      settled(): Promise<void>;
      clusterResources(vcenter: string, cluster: string): Promise<unknown>;
    };
  };
  base: string;
  memory: { clear(): void };
}

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const logger = silentLogger();
  const rounds = Number(flag('--rounds') ?? 5);
  const trees: Array<[string, string]> = [
    ['new', resolve(__dirname, '../../plugins/infra-backend/src')],
  ];
  const baseline = flag('--baseline');
  if (baseline) trees.unshift(['old', resolve(baseline)]);

  const vc = await startVcsim({
    topology: { ...topologies.vms1500, templates: 200 },
    startTimeoutMs: 300_000,
  });
  const knex = memorySqlite();
  const direct = await VimClient.connect({
    url: vc.url,
    username: vc.username,
    password: vc.password,
  });
  const closers: Array<() => Promise<unknown>> = [];
  try {
    const stacks: Stack[] = [];
    for (const [label, root] of trees) {
      const tree: ResourcesTree = {
        LayeredCache: require(`${root}/cache/LayeredCache`).LayeredCache,
        RedisLayer: require(`${root}/cache/RedisLayer`).RedisLayer,
        createResourcesRouter: require(`${root}/resources`)
          .createResourcesRouter,
      };
      const { InfraStore } = require(`${root}/database/InfraStore`);
      const { readResourcesConfig } = require(`${root}/resources`);
      const reads = require(`${root}/resources/vsphereReads`);
      const settings = readResourcesConfig(resourcesConfig(vc));
      // one table per tree: their key namespaces differ anyway (the user is part of them)
      const served = await serveResources({
        settings,
        store: await InfraStore.create({ database: databaseOf(knex) }),
        keyPrefix: `infra-bench:${randomUUID()}:`,
        logger,
        tree,
      });
      closers.push(() => served.close());
      stacks.push({
        label,
        settings,
        cache: served.cache,
        reads,
        resources: served.resources,
        base: served.base,
        memory: (served.cache as unknown as { memory: { clear(): void } })
          .memory,
      });
    }

    const first = stacks[0];
    const dcs: any = await (await fetch(`${first.base}/datacenters`)).json();
    const dc = dcs.datacenters.items[0].id;
    const clusters: any = await (
      await fetch(`${first.base}/datacenters/${dc}/clusters`)
    ).json();
    const cluster = clusters.clusters.items[0].id as string;
    const urlOf = (s: Stack) => `${s.base}/clusters/${cluster}`;
    for (const s of stacks) {
      process.stderr.write(
        `${s.label}: answer of ${await getBytes(urlOf(s))} bytes\n`,
      );
    }
    // every tree's write-through of its last load ends before the next measurement starts: one
    // tree's compression and writes must not weigh on the other's request
    const settleAll = async () => {
      for (const t of stacks) {
        await t.resources.service.settled();
        await t.cache.settled();
      }
    };
    const invalidate = async (s: Stack) => {
      await s.resources.service.invalidate('default', cluster);
      await settleAll();
    };

    const results = new Map<string, number[]>();
    const add = (name: string, ms: number) => {
      if (!results.has(name)) results.set(name, []);
      results.get(name)!.push(ms);
    };
    const measure = async (name: string, fn: () => Promise<unknown>) =>
      add(name, await timed(fn, name));
    // --only memory|redis|cold: one part, e.g. under --cpu-prof
    const only = flag('--only');
    const coldPairs = only && only !== 'cold' ? 0 : 3 * rounds;
    for (let i = 0; i < coldPairs; i++) {
      for (const s of stacks) {
        await invalidate(s);
        await measure(`${s.label} cold http`, () => getBytes(urlOf(s)));
        await invalidate(s);
        await measure(`${s.label} cold service`, () =>
          s.resources.service.clusterResources('default', cluster),
        );
      }
      await settleAll();
      await measure('decoded read', () =>
        Promise.all([
          first.reads.readClusterResources(direct, cluster),
          first.reads.readTemplates(
            direct,
            cluster,
            first.settings.templates.limit,
          ),
        ]),
      );
    }
    for (const s of stacks) {
      await getBytes(urlOf(s));
      await s.cache.settled();
    }
    for (const [layer, before] of [
      ['memory', () => {}],
      ['redis', (s: Stack) => s.memory.clear()],
    ] as const) {
      if (only && only !== layer) continue;
      for (const s of stacks) {
        for (let i = 0; i < 20; i++) {
          before(s);
          await getBytes(urlOf(s));
        }
      }
      for (let i = 0; i < rounds * 200; i++) {
        for (const s of stacks) {
          before(s);
          await measure(`${s.label} ${layer} http`, () => getBytes(urlOf(s)));
          before(s);
          await measure(`${s.label} ${layer} service`, () =>
            s.resources.service.clusterResources('default', cluster),
          );
        }
      }
    }
    for (const [name, runs] of [...results].sort()) {
      const cpu = (cpuMicros.get(name) ?? 0) / runs.length / 1000;
      process.stderr.write(
        `${name.padEnd(22)} ${summary(runs)}; CPU ${round(cpu, 3)} ms each\n`,
      );
    }
    const reads = results.get('decoded read') ?? [];
    for (const s of reads.length ? stacks : []) {
      const cold = results.get(`${s.label} cold http`)!;
      process.stderr.write(
        `${s.label}: cold http / decoded read, median of pairs ${round(
          median(cold.map((c, i) => c / reads[i])),
          2,
        )}\n`,
      );
    }
  } finally {
    closeConnections();
    for (const close of closers) await close().catch(() => undefined);
    await direct.close().catch(() => undefined);
    await knex.destroy();
    await vc.stop();
  }
}

runTool(main);
