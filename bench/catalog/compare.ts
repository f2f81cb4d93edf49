/*
 * Side-by-side comparison of catalog processing levers. Every run is a fresh process (runOne.ts)
 * starting a real backend; variants are interleaved round by round (A B C, A B C, ...) so machine
 * noise hits them alike; the table shows medians and the ratio of each median to the first
 * variant's (the baseline) of the same run.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog/compare.ts \
 *     --variants baseline,lean,owner-missing --vms 1500 --db postgres --reps 3
 *
 * Results go to bench/catalog/results/<timestamp>-<db>-<vms>.json (all samples) and stdout.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CatalogVisibleResult } from './catalogVisible';
import type { RunSpec } from './runOne';
import { runTool } from '../lib/runTool';

type VariantSpec = Omit<RunSpec, 'vms' | 'database' | 'timeoutMs'>;

/** The levers, each one change from the baseline (BASELINE_VARIANT in inventoryEntities.ts). */
export const variants: Record<string, VariantSpec> = {
  baseline: {},
  // relations
  'rel-vm1': { variant: { relations: 'vm-1' } },
  'rel-parent': { variant: { relations: 'parent' } },
  'rel-none': { variant: { relations: 'none' } },
  // size
  lean: { variant: { size: 'lean' } },
  // owner and system
  'owner-missing': { variant: { owner: 'missing' } },
  'no-system': { variant: { system: false } },
  // order and mutation shape
  'parents-last': { variant: { order: 'parents-last' } },
  'owner-last': { variant: { order: 'owner-last' } },
  'split-full-then-delta': { split: 'full-then-delta' },
  'split-deltas-500': { split: 'full-then-deltas-500' },
  'split-wait-delta': { split: 'full-wait-delta' },
  // location ref type (url makes AnnotateLocationEntityProcessor add view/source annotations)
  'loc-vsphere': { variant: { locationType: 'vsphere' } },
  // processors
  'no-default-processors': {
    catalogConfig: { disableDefaultProcessors: true },
  },
  'no-placeholder': {
    catalogConfig: {
      processorOptions: { PlaceholderProcessor: { disabled: true } },
    },
  },
  // catalog config keys that still have an effect in 4.0
  'stitch-poll-100ms': {
    catalogConfig: {
      stitchingStrategy: { pollingInterval: { milliseconds: 100 } },
    },
  },
  'processing-interval-30m': {
    catalogConfig: { processingInterval: { minutes: 30 } },
  },
  'pool-max-30': {
    databaseConfig: { knexConfig: { pool: { min: 0, max: 30 } } },
  },
  'pool-max-5': {
    databaseConfig: { knexConfig: { pool: { min: 0, max: 5 } } },
  },
  // PostgreSQL session settings through the connection (no server restart)
  'sync-commit-off': {
    databaseConfig: {
      connection: { options: '-c synchronous_commit=off' },
    },
  },
  // diagnostic: the same server through its Unix socket instead of TCP loopback
  'unix-socket': {
    databaseConfig: { connection: { host: '/var/run/postgresql' } },
  },
  'orphan-keep': { catalogConfig: { orphanStrategy: 'keep' } },
  // --- the real provider's output (buildVsphereEntities on a vcsim-shaped inventory, the owner
  // group existing before t0); combine with the catalog settings above, e.g. real+no-placeholder
  real: { source: 'vsphere' },
  /** an earlier transform's output saved as JSON: the file named by BENCH_VSPHERE_BEFORE */
  'real-before': {
    source: 'vsphere',
    vsphere: { file: process.env.BENCH_VSPHERE_BEFORE ?? 'unset' },
  },
  'real-parents-first': {
    source: 'vsphere',
    vsphere: { order: 'parents-first' },
  },
  'real-parents-last': {
    source: 'vsphere',
    vsphere: { order: 'parents-last' },
  },
  'real-by-host': { source: 'vsphere', vsphere: { order: 'by-host' } },
  'real-system': { source: 'vsphere', vsphere: { system: 'vsphere-vc1' } },
  'real-owner-missing': { source: 'vsphere', vsphere: { ownerMissing: true } },
  'real-no-networks': { source: 'vsphere', vsphere: { networks: false } },
};

function parseArgs(argv: string[]) {
  const get = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  return {
    variants: get('variants', 'baseline').split(','),
    vms: Number(get('vms', '1500')),
    dbs: get('db', 'postgres').split(',') as Array<'postgres' | 'sqlite'>,
    reps: Number(get('reps', '3')),
    timeoutMs: Number(get('timeout', '600000')),
    /** wait (up to --gate-wait s) until other processes use less than this many cores */
    gateCores: Number(get('gate', '0.5')),
    gateWaitS: Number(get('gate-wait', '300')),
  };
}

/** `a+b+c` merges variants a, b and c (variant fields, catalog config, split). */
function resolveVariant(name: string): VariantSpec {
  const parts = name.split('+');
  const merged: VariantSpec = {};
  for (const part of parts) {
    const v = variants[part];
    if (!v) {
      throw new Error(
        `unknown variant ${part}; known: ${Object.keys(variants).join(', ')}`,
      );
    }
    merged.variant = { ...merged.variant, ...v.variant };
    if (v.source) merged.source = v.source;
    if (v.vsphere) merged.vsphere = { ...merged.vsphere, ...v.vsphere };
    merged.catalogConfig = deepMerge(merged.catalogConfig, v.catalogConfig);
    merged.databaseConfig = deepMerge(merged.databaseConfig, v.databaseConfig);
    if (v.split) merged.split = v.split;
  }
  return merged;
}

function deepMerge<T>(a: T | undefined, b: T | undefined): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    Array.isArray(a) ||
    Array.isArray(b) ||
    a === null ||
    b === null
  ) {
    return b;
  }
  const out: Record<string, unknown> = { ...(a as object) };
  for (const [k, v] of Object.entries(b as object)) {
    out[k] = deepMerge(out[k], v);
  }
  return out as T;
}

function runOne(spec: RunSpec): Promise<CatalogVisibleResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        '@backstage/cli/config/nodeTransform.cjs',
        resolve(__dirname, 'runOne.ts'),
        JSON.stringify(spec),
      ],
      { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => {
      err += d;
      process.stderr.write(d);
    });
    // the child has its own timeout; this one only guards against a hung process
    const guard = setTimeout(
      () => child.kill('SIGKILL'),
      (spec.timeoutMs ?? 600_000) + 120_000,
    );
    child.on('exit', code => {
      clearTimeout(guard);
      const line = out.split('\n').find(l => l.startsWith('RESULT '));
      if (code === 0 && line) {
        resolvePromise(JSON.parse(line.slice(7)));
      } else {
        reject(new Error(`run failed (exit ${code}): ${err.slice(-500)}`));
      }
    });
  });
}

/** cores busy on the whole machine, averaged over `ms` */
async function busyCores(ms: number): Promise<number> {
  const read = () => {
    const n = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return { busy: n[0] + n[1] + n[2] + n[5] + n[6] + n[7], all: n[3] + n[4] };
  };
  const a = read();
  await new Promise(r => setTimeout(r, ms));
  const b = read();
  // jiffies are 10 ms
  return ((b.busy - a.busy) * 10) / ms;
}

/** Waits until the machine is quiet (others use < gate cores), at most waitS seconds. */
async function quietGate(gate: number, waitS: number): Promise<number> {
  const deadline = Date.now() + waitS * 1000;
  for (;;) {
    const busy = await busyCores(3000);
    if (busy < gate || Date.now() > deadline) return busy;
    process.stderr.write(
      `[compare] machine busy (${busy.toFixed(2)} cores), waiting\n`,
    );
    await new Promise(r => setTimeout(r, 7000));
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const outDir = resolve(__dirname, 'results');
  mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');

  for (const db of args.dbs) {
    const samples: Record<
      string,
      Array<CatalogVisibleResult & { busyBefore: number }>
    > = {};
    const failures: Record<string, string[]> = {};
    for (let rep = 1; rep <= args.reps; rep++) {
      for (const name of args.variants) {
        const spec: RunSpec = {
          ...resolveVariant(name),
          vms: args.vms,
          database: db,
          timeoutMs: args.timeoutMs,
        };
        process.stderr.write(
          `[compare] ${db} ${args.vms} VMs rep ${rep}/${
            args.reps
          }: ${name} (${new Date().toISOString()})\n`,
        );
        try {
          const busyBefore = await quietGate(args.gateCores, args.gateWaitS);
          const r = {
            ...(await runOne(spec)),
            busyBefore: Math.round(busyBefore * 100) / 100,
          };
          (samples[name] ??= []).push(r);
          process.stderr.write(
            `[compare]   ${name}: visible ${r.visibleMs} ms, processed ${r.processedMs}, settled ${r.settledMs}\n`,
          );
        } catch (e) {
          (failures[name] ??= []).push(String(e));
          process.stderr.write(`[compare]   ${name}: FAILED ${e}\n`);
        }
      }
      // write after every round so a long run leaves partial results behind
      writeFileSync(
        resolve(outDir, `${stamp}-${db}-${args.vms}.json`),
        `${JSON.stringify(
          {
            date: new Date().toISOString(),
            db,
            vms: args.vms,
            reps: args.reps,
            variants: Object.fromEntries(
              args.variants.map(n => [n, resolveVariant(n)]),
            ),
            samples,
            failures,
          },
          null,
          1,
        )}\n`,
      );
    }

    const base = samples[args.variants[0]];
    const baseMedian = base ? median(base.map(r => r.visibleMs)) : NaN;
    const totalCpu = (r: CatalogVisibleResult) => r.cpuMs + r.dbCpuMs;
    const baseCpu = base ? median(base.map(totalCpu)) : NaN;
    const lines = [
      `\n${db}, ${args.vms} VMs, ${args.reps} reps (medians; ratio = visible / ${args.variants[0]} visible)`,
      '| variant | n | visible ms | min-max | ratio | first | half | processed | settled | backend cpu ms | db cpu ms | cpu ratio | others cores | RSS MB | SQL stmts | search rows | relations | stitch attempts | stitch writes | search rows submitted | relation rows read |',
      '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ];
    for (const name of args.variants) {
      const s = samples[name] ?? [];
      if (!s.length) {
        lines.push(`| ${name} | 0 | failed |`);
        continue;
      }
      const m = (f: (r: CatalogVisibleResult) => number) => median(s.map(f));
      const vis = s.map(r => r.visibleMs);
      lines.push(
        `| ${name} | ${s.length} | ${m(r => r.visibleMs)} | ${Math.min(
          ...vis,
        )}-${Math.max(...vis)} | ${(m(r => r.visibleMs) / baseMedian).toFixed(
          2,
        )} | ${m(r => r.firstVisibleMs)} | ${m(r => r.halfVisibleMs)} | ${m(
          r => r.processedMs,
        )} | ${m(r => r.settledMs)} | ${m(r => r.cpuMs)} | ${m(
          r => r.dbCpuMs,
        )} | ${(m(totalCpu) / baseCpu).toFixed(2)} | ${(
          median(s.map(r => (100 * r.otherCpuMs) / r.visibleMs)) / 100
        ).toFixed(2)} | ${m(r => r.peakRssMb)} | ${m(r => r.queries)} | ${m(
          r => r.rows?.search ?? 0,
        )} | ${m(r => r.rows?.relations ?? 0)} | ${m(
          r => r.stitch?.attempts ?? 0,
        )} | ${m(r => r.stitch?.writes ?? 0)} | ${m(
          r => r.stitch?.searchRowsSubmitted ?? 0,
        )} | ${m(r => r.stitch?.relationRowsRead ?? 0)} |`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

runTool(main, '[compare]');
