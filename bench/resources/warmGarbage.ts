/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/warmGarbage.ts
 *
 * What a warm GET /resources/default/clusters/:id (answered from memory) leaves to the garbage
 * collector: young-generation bytes allocated per request, measured over windows of 50 requests
 * in which no GC ran, once with the client in this process and once with it in a child process
 * (the server's share alone); the allocation sites of the server's share (sampling heap
 * profiler); then 1,000 requests from the in-process client and the GC pauses that overlapped
 * the slowest of them. Not a suite: a tool for changes to the warm path.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { Session } from 'node:inspector';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { median, percentile, round } from '../lib/stats';
import { getBytes } from './get';
import { runTool } from '../lib/runTool';
import { oneReplica } from './replica';
import { requestTimer } from './requestTimer';

const GC_KINDS: Record<number, string> = {
  1: 'minor',
  2: 'major',
  4: 'incremental',
  8: 'weak',
};

const youngBytes = () =>
  getHeapSpaceStatistics()
    .filter(s => s.space_name.startsWith('new_'))
    .reduce((sum, s) => sum + s.space_used_size, 0);

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

const frameName = ({ callFrame: f }: HeapNode) =>
  `${f.functionName || '(anonymous)'} ${f.url
    .replace(/.*node_modules\//, '')
    .replace(/.*\/work\/main\//, '')}:${f.lineNumber}`;

runTool(async () => {
  const replica = await oneReplica();
  const elsewhere = requestTimer();
  const gcs: Array<{ start: number; ms: number; kind: string }> = [];
  const observer = new PerformanceObserver(list => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind ?? 0;
      gcs.push({
        start: e.startTime,
        ms: e.duration,
        kind: GC_KINDS[kind] ?? String(kind),
      });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const { url } = replica;
    for (let i = 0; i < 20; i++) await getBytes(url);
    await elsewhere.time({ url, warmUp: 20, rounds: 1, count: 1 });

    const perRequest = async (run50: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let w = 0; w < 20; w++) {
        const gcsBefore = gcs.length;
        const before = youngBytes();
        await run50();
        const after = youngBytes();
        if (gcs.length === gcsBefore && after > before) {
          samples.push((after - before) / 50);
        }
      }
      return samples.length
        ? `${round(median(samples) / 1024, 1)} KiB (${samples.length} windows)`
        : 'no window without GC';
    };
    const inProcess = await perRequest(async () => {
      for (let i = 0; i < 50; i++) await getBytes(url);
    });
    const serverOnly = await perRequest(() =>
      elsewhere.time({ url, warmUp: 0, rounds: 1, count: 50 }),
    );
    process.stderr.write(
      `young-generation allocation per request: ${inProcess} with the client in this process, ${serverOnly} with it in a child\n`,
    );

    const session = new Session();
    session.connect();
    const post = (method: string, params: object = {}) =>
      new Promise<any>((resolve, reject) =>
        session.post(method, params, (error, result) =>
          error ? reject(error) : resolve(result),
        ),
      );
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 512,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    const sampled = 1000;
    await elsewhere.time({ url, warmUp: 0, rounds: 1, count: sampled });
    const { profile } = await post('HeapProfiler.stopSampling');
    session.disconnect();
    const sites = new Map<string, number>();
    const walk = (node: HeapNode, stack: string[]) => {
      const path = [frameName(node), ...stack].slice(0, 3);
      if (node.selfSize) {
        const site = path.join(' < ');
        sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
      }
      for (const child of node.children) walk(child, path);
    };
    walk(profile.head, []);
    const total = [...sites.values()].reduce((a, b) => a + b, 0);
    process.stderr.write(
      `server allocation sites, sampled: ${round(
        total / sampled / 1024,
        1,
      )} KiB per request\n`,
    );
    for (const [site, bytes] of [...sites]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)) {
      process.stderr.write(
        `  ${round(bytes / sampled / 1024, 2)} KiB  ${site}\n`,
      );
    }

    gcs.length = 0;
    const runs: Array<{ start: number; ms: number }> = [];
    for (let i = 0; i < 1000; i++) {
      const start = performance.now();
      await getBytes(url);
      runs.push({ start, ms: performance.now() - start });
    }
    await new Promise(r => setTimeout(r, 50));
    const ms = runs.map(r => r.ms);
    process.stderr.write(
      `1000 requests, client in this process: median ${round(
        median(ms),
        2,
      )} p99 ${round(percentile(ms, 99), 2)} max ${round(
        Math.max(...ms),
        2,
      )} ms; GC pauses: ${gcs
        .map(g => `${g.kind} ${round(g.ms, 1)}`)
        .join(', ')}\n`,
    );
    for (const slow of [...runs].sort((a, b) => b.ms - a.ms).slice(0, 10)) {
      const during = gcs.filter(
        g => g.start < slow.start + slow.ms && g.start + g.ms > slow.start,
      );
      process.stderr.write(
        `  ${round(slow.ms, 2)} ms: ${
          during.length
            ? during.map(g => `${g.kind} GC ${round(g.ms, 2)} ms`).join(', ')
            : 'no GC pause'
        }\n`,
      );
    }
  } finally {
    observer.disconnect();
    await elsewhere.close();
    await replica.close();
  }
});
