/*
 * node --require @backstage/cli/config/nodeTransform.cjs bench/resources/redisGarbage.ts [count]
 *
 * What the Redis path (a cluster's service call with the memory layer made cold before each, as
 * the suite's redisP99Ms does) leaves to the scavenger, for three ways of making the memory layer
 * cold: MemoryLru.clear() as it is (a new Map), the old clear() (Map#clear on the long-lived
 * map), and deleting the call's two keys (an eviction or an invalidation). Each variant runs in a
 * child process with --trace-gc-nvp, on a memory layer that has moved to the old generation (two
 * scavenges, as within seconds of a replica's start): `count` calls after 300 untimed ones, then
 * the bytes allocated and surviving scavenges, the scavenges' median pause and the calls' p99.
 * Not a suite: a tool for the cache's memory layer.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { exposedGc, tracedScavenges } from '../lib/gc';
import { median, percentile, round } from '../lib/stats';
import { runTool } from '../lib/runTool';
import { oneReplica } from './replica';

const VARIANTS = ['clear', 'mapClear', 'delete'] as const;
type Variant = (typeof VARIANTS)[number];

interface MemoryLayer {
  clear(): void;
  delete(key: string): boolean;
  entries: Map<string, unknown>;
}

/** The child: one replica, `count` Redis-path calls made cold the `variant` way. */
async function measure(variant: Variant, count: number) {
  const replica = await oneReplica();
  const memory = (replica.cache as unknown as { memory: MemoryLayer }).memory;
  await replica.service.clusterResources('default', replica.cluster);
  await replica.cache.settled();
  // the memory layer as a replica has it seconds after starting: moved to the old generation
  const gc = exposedGc();
  gc({ type: 'minor' });
  gc({ type: 'minor' });
  const keys = [...memory.entries.keys()].filter(k =>
    /:(cluster-resources|templates):/.test(k),
  );
  if (keys.length !== 2)
    throw new Error(`expected 2 cached keys, found ${keys}`);
  const cold = {
    clear: () => memory.clear(),
    mapClear: () => memory.entries.clear(),
    delete: () => keys.forEach(k => memory.delete(k)),
  }[variant];
  const call = async () => {
    cold();
    await replica.service.clusterResources('default', replica.cluster);
  };
  try {
    for (let i = 0; i < 300; i++) await call();
    process.stdout.write('=== start\n');
    const ms: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await call();
      ms.push(performance.now() - started);
    }
    process.stdout.write(`=== end p99=${percentile(ms, 99)}\n`);
  } finally {
    await replica.close();
  }
}

/** Sums of the scavenges after the start marker of a --trace-gc-nvp output. */
function scavengeFigures(trace: string) {
  const scavenges = tracedScavenges(trace.slice(trace.indexOf('=== start')));
  const mb = (field: 'allocated' | 'survived') =>
    scavenges.reduce((total, s) => total + s[field], 0) / 2 ** 20;
  const pauses = scavenges.map(s => s.pauseMs);
  return {
    scavenges: scavenges.length,
    allocatedMb: mb('allocated'),
    survivedMb: mb('survived'),
    pauseMedianMs: pauses.length ? median(pauses) : 0,
    p99Ms: Number(/=== end p99=([\d.]+)/.exec(trace)?.[1] ?? NaN),
  };
}

if (process.argv[2] === '--child') {
  runTool(() => measure(process.argv[3] as Variant, Number(process.argv[4])));
} else {
  runTool(async () => {
    const count = process.argv[2] ?? '3000';
    for (const variant of VARIANTS) {
      const child = spawn(
        process.execPath,
        [
          '--trace-gc-nvp',
          ...process.execArgv,
          __filename,
          '--child',
          variant,
          count,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let trace = '';
      child.stdout.on('data', chunk => {
        trace += chunk;
      });
      const code = await new Promise(resolve => child.on('exit', resolve));
      if (code !== 0) throw new Error(`${variant} exited with ${code}`);
      const f = scavengeFigures(trace);
      process.stderr.write(
        `${variant.padEnd(8)} ${count} calls: ${f.scavenges} scavenges, ${round(
          f.allocatedMb,
        )} MB allocated, ${round(
          f.survivedMb,
        )} MB survived them, pause median ${round(
          f.pauseMedianMs,
          2,
        )} ms; call p99 ${round(f.p99Ms, 2)} ms\n`,
      );
    }
  });
}
