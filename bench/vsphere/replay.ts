/*
 * A sync against recorded vcsim responses, to profile our own CPU without vcsim's:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/vsphere/replay.ts \
 *     record DIR [topology]       # proxies one sync to vcsim, keeps each method's response
 *   node [--cpu-prof] --require ... bench/vsphere/replay.ts play DIR [rounds]
 *
 * `play` serves the recorded responses from a local HTTP server (chunked writes of 64 KiB, as a
 * socket delivers them) and runs rounds of: the raw POST of the RetrievePropertiesEx body, the
 * whole sync, and the sync's CPU parts. The server lives in the same process, so its (small)
 * cost is in every figure alike.
 */
import http from 'node:http';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { AddressInfo } from 'node:net';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startVcsim, TopologyName } from '@internal/infra-test-utils';
import { readInventory } from '../../plugins/infra-node/src/vsphere';
import { resolveInventory } from '../../plugins/catalog-backend-module-infra/src/vsphere/inventory/resolve';
import { buildVsphereEntities } from '../../plugins/catalog-backend-module-infra/src/vsphere/transform';
import { exposedGc } from '../lib/gc';
import { median, round } from '../lib/stats';
import { RawPoster } from './raw';
import { benchClient, ENTITY_OPTIONS, syncOnce } from './sync';
import { runTool } from '../lib/runTool';

const gc = exposedGc();
const hr = () => process.hrtime.bigint();
const msSince = (t: bigint) => Number(hr() - t) / 1e6;

const methodOf = (body: string) =>
  /<soapenv:Body><(\w+)/.exec(body)?.[1] ?? 'unknown';

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: http.Server): Promise<string> {
  return new Promise(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sdk`),
    ),
  );
}

async function record(dir: string, topology: TopologyName) {
  mkdirSync(dir, { recursive: true });
  const vc = await startVcsim({ topology, startTimeoutMs: 600_000 });
  const target = new URL(vc.url);
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const method = methodOf(body);
    const up = http.request(
      target,
      { method: 'POST', headers: req.headers },
      upRes => {
        const chunks: Buffer[] = [];
        upRes.on('data', c => chunks.push(c));
        upRes.on('end', () => {
          const all = Buffer.concat(chunks);
          if (!readdirSync(dir).includes(`${method}.xml`)) {
            writeFileSync(join(dir, `${method}.xml`), all);
          }
          res.writeHead(upRes.statusCode ?? 500, upRes.headers);
          res.end(all);
        });
      },
    );
    up.end(body);
  });
  try {
    const url = await listen(server);
    const client = await benchClient({
      url,
      username: vc.username,
      password: vc.password,
    });
    const { entities, stats } = await syncOnce(client, { url });
    await client.close();
    process.stderr.write(
      `recorded ${readdirSync(dir).join(', ')}: ${entities.length} entities, ${
        stats.bytes
      } bytes\n`,
    );
  } finally {
    server.close();
    await vc.stop();
  }
}

async function play(dir: string, rounds: number) {
  const responses = new Map<string, Buffer>();
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.xml')) {
      responses.set(f.slice(0, -4), readFileSync(join(dir, f)));
    }
  }
  const server = http.createServer(async (req, res) => {
    const method = methodOf(await readBody(req));
    const body = responses.get(method);
    if (!body) {
      res.writeHead(500).end(`no recording of ${method}`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/xml; charset=utf-8',
      'Content-Length': body.length,
      ...(method === 'Login'
        ? { 'Set-Cookie': 'vmware_soap_session="replay"; Path=/' }
        : {}),
    });
    const CHUNK = 64 * 1024;
    for (let i = 0; i < body.length; i += CHUNK) {
      res.write(body.subarray(i, i + CHUNK));
    }
    res.end();
  });
  const url = await listen(server);
  const client = await benchClient({
    url,
    username: 'replay',
    password: 'replay',
  });
  const raw = new RawPoster(url, 'vmware_soap_session="replay"');
  const retrieveRequest =
    '<?xml version="1.0"?><soapenv:Envelope><soapenv:Body><RetrievePropertiesEx/></soapenv:Body></soapenv:Envelope>';
  const first = await syncOnce(client, { url });
  // main-thread pauses of the collector during the sync (scavenges and mark-compact steps)
  let gcMs = 0;
  const gcObserver = new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      const { detail } = e as PerformanceEntry & {
        detail?: { flags?: number };
      };
      const flags = detail?.flags ?? 0;
      // the bench's own gc() between contenders is not the sync's
      if (!(flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED)) {
        gcMs += e.duration;
      }
    }
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const s: Record<string, number[]> = {};
  const push = (k: string, v: number) => (s[k] ??= []).push(v);
  const contenders: Array<() => Promise<void>> = [
    async () => {
      const t = hr();
      await raw.post(retrieveRequest);
      push('raw', msSince(t));
    },
    async () => {
      gcMs = 0;
      const cpu = process.cpuUsage();
      const t = hr();
      await syncOnce(client, { url });
      push('sync', msSince(t));
      const used = process.cpuUsage(cpu);
      // all threads: the GC's helper threads work beside the main one
      push('syncCpu', (used.user + used.system) / 1000);
      push('syncGc', gcMs);
    },
    async () => {
      let t = hr();
      const read = await readInventory(client);
      push('readInventory', msSince(t));
      t = hr();
      const inventory = resolveInventory(read, {
        vcenterId: 'bench',
        url,
        instanceUuid: client.serviceContent.about.instanceUuid,
      });
      push('resolve', msSince(t));
      t = hr();
      buildVsphereEntities(inventory, ENTITY_OPTIONS);
      push('build', msSince(t));
    },
  ];
  for (let i = 0; i < rounds; i++) {
    for (let j = 0; j < contenders.length; j++) {
      gc();
      await contenders[(i + j) % contenders.length]();
    }
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) out[k] = round(median(v), 1);
  process.stdout.write(
    `${JSON.stringify({
      rounds,
      objects: first.stats.objects,
      entities: first.entities.length,
      ...out,
    })}\n`,
  );
  gcObserver.disconnect();
  raw.close();
  await client.close();
  server.close();
}

async function main() {
  const [mode, dir, arg] = process.argv.slice(2);
  if (mode === 'record') await record(dir, (arg ?? 'vms1500') as TopologyName);
  else if (mode === 'play') await play(dir, Number(arg ?? 15));
  else throw new Error('usage: replay.ts record|play DIR [topology|rounds]');
}

runTool(main);
