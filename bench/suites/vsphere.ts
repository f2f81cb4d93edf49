import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { startVcsim, TopologyName } from '@internal/infra-test-utils';
import { measureCatalogVisible } from '../catalog/catalogVisible';
import { exposedGc } from '../lib/gc';
import { median, round } from '../lib/stats';
import { BenchSuite, ScenarioMetrics } from '../lib/types';
import { buildGovmomiReader, runGovmomiReader } from '../vsphere/govmomi';
import { naiveRead } from '../vsphere/naive';
import { nodeSoapClient, nodeSoapObjects } from '../vsphere/nodeSoap';
import { inventoryRequest, RawPoster } from '../vsphere/raw';
import { benchClient, syncOnce } from '../vsphere/sync';

const execFileAsync = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

export interface Scenario {
  name: string;
  topology: TopologyName;
  runs: number;
  rssRuns: number;
  /** Run the per-object loop (vcsim delay 2 ms per call), bounded to this many ms of calls. */
  naiveMaxMs?: number;
  /** Measure how long the sync's entities take to become visible through a real catalog. */
  catalog?: boolean;
}

const FULL: Scenario[] = [
  {
    name: 'full-1500',
    topology: 'vms1500',
    // rounds differ by up to 1.3x (vcsim's own time varies): enough of them for a stable median
    runs: 15,
    rssRuns: 3,
    naiveMaxMs: 180_000,
    catalog: true,
  },
  {
    name: 'full-10000',
    topology: 'vms10000',
    runs: 9,
    rssRuns: 3,
    catalog: true,
  },
];
const SMOKE: Scenario[] = [
  {
    name: 'smoke-demo',
    topology: 'demo',
    runs: 1,
    rssRuns: 1,
    naiveMaxMs: 3_000,
  },
];

// every contender starts from a collected heap, so none pays for another's garbage
const collectGarbage = exposedGc();

const hr = () => process.hrtime.bigint();
const msSince = (t: bigint) => Number(hr() - t) / 1e6;

/** Peak RSS one sync adds, measured in a fresh child process (see bench/vsphere/rssChild.ts). */
async function rssAdded(vc: {
  url: string;
  username: string;
  password: string;
}): Promise<{ addedMb: number; method: string }> {
  const { stdout } = await execFileAsync(
    process.execPath,
    [
      '--expose-gc',
      '--require',
      '@backstage/cli/config/nodeTransform.cjs',
      resolve(ROOT, 'bench/vsphere/rssChild.ts'),
      vc.url,
      vc.username,
      vc.password,
    ],
    { cwd: ROOT, maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

export async function runScenario(
  s: Scenario,
  log: (m: string) => void,
): Promise<ScenarioMetrics> {
  const govmomi = await buildGovmomiReader();
  const vc = await startVcsim({
    topology: s.topology,
    startTimeoutMs: 600_000,
  });
  const metrics: ScenarioMetrics = {};
  try {
    const client = await benchClient(vc);
    try {
      // the raw and node-soap requests are the very RetrievePropertiesEx readInventory sends,
      // over a view of their own in the same session (same cookie)
      const { view, methodXml, request, cookie } = await inventoryRequest(
        client,
      );
      const raw = new RawPoster(vc.url, cookie);
      const soap = await nodeSoapClient(vc.url, cookie);

      // warm-up, and the checks that every contender read the same inventory
      const first = await syncOnce(client, vc);
      const rawFirst = await raw.post(request);
      const soapObjects = nodeSoapObjects(await soap.retrieve(methodXml));
      const gov = await runGovmomiReader(govmomi, vc);
      log(
        `${s.name}: ${first.stats.objects} objects, ${first.entities.length} entities, ` +
          `${round(
            rawFirst.bytes / 1e6,
            1,
          )} MB; node-soap ${soapObjects} objects, govmomi ${gov.objects}`,
      );
      if (soapObjects !== first.stats.objects) {
        throw new Error(
          `node-soap parsed ${soapObjects} objects, we read ${first.stats.objects}`,
        );
      }

      const samples = {
        raw: [] as number[],
        sync: [] as number[],
        soap: [] as number[],
        govmomi: [] as number[],
        govmomiRss: [] as number[],
      };
      let stats = first.stats;
      let entities = first.entities;
      const contenders: Array<() => Promise<void>> = [
        async () => {
          const t = hr();
          await raw.post(request);
          samples.raw.push(msSince(t));
        },
        async () => {
          const t = hr();
          const r = await syncOnce(client, vc);
          samples.sync.push(msSince(t));
          stats = r.stats;
          entities = r.entities;
        },
        async () => {
          const t = hr();
          await soap.retrieve(methodXml);
          samples.soap.push(msSince(t));
        },
        async () => {
          const r = await runGovmomiReader(govmomi, vc);
          samples.govmomi.push(r.ms);
          samples.govmomiRss.push(r.maxRssMb);
        },
      ];
      // side by side: every round runs each contender once, starting from a different one
      for (let i = 0; i < s.runs; i++) {
        for (let j = 0; j < contenders.length; j++) {
          collectGarbage();
          await contenders[(i + j) % contenders.length]();
        }
        log(
          `${s.name} round ${i + 1}/${s.runs}: raw ${round(
            samples.raw[i],
          )} sync ${round(samples.sync[i])} node-soap ${round(
            samples.soap[i],
          )} govmomi ${round(samples.govmomi[i])} ms`,
        );
      }
      raw.close();
      await client.destroyView(view);

      const rawMs = median(samples.raw);
      const syncMs = median(samples.sync);
      const soapMs = median(samples.soap);
      const govMs = median(samples.govmomi);
      const rss: number[] = [];
      for (let i = 0; i < s.rssRuns; i++) {
        const r = await rssAdded(vc);
        rss.push(r.addedMb);
        log(`${s.name} peak RSS added ${round(r.addedMb)} MB (${r.method})`);
      }
      Object.assign(metrics, {
        objects: stats.objects,
        responseMb: round(stats.bytes / 1e6, 1),
        soapCalls: stats.soapCalls,
        pages: stats.pages,
        rawTransferMs: round(rawMs),
        syncMs: round(syncMs),
        ratioToRaw: round(syncMs / rawMs, 2),
        nodeSoapMs: round(soapMs),
        nodeSoapRatio: round(soapMs / syncMs, 2),
        govmomiMs: round(govMs),
        govmomiRatio: round(syncMs / govMs, 2),
        govmomiPeakRssMb: round(median(samples.govmomiRss)),
        peakRssAddedMb: round(median(rss)),
      });
      if (s.catalog) {
        // one run per database (a minute or more each, several at 10,000 VMs), timed from the
        // provider's applyMutation; the figure adds the sync before it (syncMs, the median), so
        // it is the time from sync start the issue asks for
        for (const database of ['postgres', 'sqlite'] as const) {
          try {
            const r = await measureCatalogVisible({ entities, database });
            metrics[
              database === 'postgres'
                ? 'catalogVisibleMsPostgres'
                : 'catalogVisibleMsSqlite'
            ] = round(syncMs + r.visibleMs);
            log(
              `${s.name} ${
                entities.length
              } entities visible in the catalog on ${database} ${round(
                r.visibleMs,
              )} ms after applyMutation, ${round(
                syncMs + r.visibleMs,
              )} ms after sync start`,
            );
          } catch (err) {
            log(`${s.name} catalog on ${database} not measured: ${err}`);
          }
        }
      }
    } finally {
      await client.close();
    }
  } finally {
    await vc.stop();
  }

  if (s.naiveMaxMs !== undefined) {
    const slow = await startVcsim({
      topology: s.topology,
      delayMs: 2,
      startTimeoutMs: 600_000,
    });
    try {
      const client = await benchClient(slow);
      try {
        const naive = await naiveRead(client, s.naiveMaxMs);
        metrics.naiveCalls = naive.totalCalls;
        if (naive.complete) {
          metrics.naiveMs = round(naive.ms);
        } else {
          // labelled: a sample of the calls, scaled to all of them
          metrics.naiveSampledCalls = naive.calls;
          metrics.naiveMsExtrapolated = round(
            (naive.ms / naive.calls) * naive.totalCalls,
          );
        }
        log(
          `${s.name} naive: ${naive.calls}/${naive.totalCalls} calls in ${round(
            naive.ms,
          )} ms${naive.complete ? '' : ' (bounded; extrapolated)'}`,
        );
      } finally {
        await client.close();
      }
    } finally {
      await slow.stop();
    }
  }
  return metrics;
}

/**
 * The one-pass vSphere read against the alternatives, side by side on the same vcsim: the raw
 * transfer of the same RetrievePropertiesEx, node-soap, govmomi, and the per-object loop.
 */
export const vsphereSuite: BenchSuite = {
  name: 'vsphere',
  description:
    'One sync of a vCenter inventory (readInventory + resolveInventory + buildVsphereEntities) against vcsim, side by side with the raw transfer of the same RetrievePropertiesEx (http, no parsing), a node-soap 1.13 client (minimal local WSDL), govmomi 0.24.2 (ContainerView.Retrieve per kind into mo types, child process) and the per-object RetrieveProperties loop it replaces (vcsim delay 2 ms per call). Medians; ratios from the same run. catalogVisibleMs*: one run per database and scenario, the sync (syncMs) plus applyMutation until every entity is readable through the catalog API of a real backend (stock catalog).',
  async run({ smoke, log }) {
    const scenarios: Record<string, ScenarioMetrics> = {};
    for (const s of smoke ? SMOKE : FULL) {
      scenarios[s.name] = await runScenario(s, log);
    }
    return scenarios;
  },
};
