/*
 * Re-renders compare.ts result files as one markdown table per file, optionally keeping only the
 * runs during which other processes used less than --max-others cores on average (the machine
 * is shared; a run that competed with a test suite for both cores says little about the lever).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/catalog/summarize.ts \
 *     bench/catalog/results/<file>.json [--max-others 0.5] [--base baseline]
 */
import { readFileSync } from 'node:fs';
import type { CatalogVisibleResult } from './catalogVisible';

type Sample = CatalogVisibleResult & { busyBefore?: number };
interface ResultFile {
  db: string;
  vms: number;
  reps: number;
  samples: Record<string, Sample[]>;
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
};

export const othersCores = (r: Sample) => r.otherCpuMs / r.visibleMs;

export function renderTable(
  file: ResultFile,
  opts: { maxOthers?: number; base?: string } = {},
): string {
  const names = Object.keys(file.samples);
  const base = opts.base ?? names[0];
  const keep = (s: Sample[]) =>
    opts.maxOthers === undefined
      ? s
      : s.filter(r => othersCores(r) <= opts.maxOthers!);
  const baseRuns = keep(file.samples[base] ?? []);
  const baseVisible = median(baseRuns.map(r => r.visibleMs));
  const baseCpu = median(baseRuns.map(r => r.cpuMs + r.dbCpuMs));
  const lines = [
    `${file.db}, ${file.vms} VMs${
      opts.maxOthers !== undefined
        ? `, runs with others < ${opts.maxOthers} cores`
        : ''
    } (medians; ratios to ${base})`,
    '',
    '| variant | runs | visible ms | min-max | ratio | half | processed | CPU backend+db ms | CPU ratio | SQL stmts | search rows | relations | RSS MB | load | others cores | stitch attempts | stitch writes | search rows submitted | relation rows read |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const name of names) {
    const s = keep(file.samples[name] ?? []);
    if (!s.length) {
      lines.push(`| ${name} | 0 | | | | | | | | | | | | | | | | | |`);
      continue;
    }
    const m = (f: (r: Sample) => number) => median(s.map(f));
    const vis = s.map(r => r.visibleMs);
    const cpu = m(r => r.cpuMs + r.dbCpuMs);
    lines.push(
      `| ${name} | ${s.length} | ${m(r => r.visibleMs)} | ${Math.min(
        ...vis,
      )}-${Math.max(...vis)} | ${(m(r => r.visibleMs) / baseVisible).toFixed(
        2,
      )} | ${m(r => r.halfVisibleMs)} | ${m(r => r.processedMs)} | ${cpu} | ${(
        cpu / baseCpu
      ).toFixed(2)} | ${m(r => r.queries ?? 0)} | ${m(
        r => r.rows?.search ?? 0,
      )} | ${m(r => r.rows?.relations ?? 0)} | ${m(r => r.peakRssMb)} | ${(
        median(s.map(r => Math.round(r.loadAvg * 100))) / 100
      ).toFixed(1)} | ${(
        median(s.map(r => Math.round(othersCores(r) * 100))) / 100
      ).toFixed(2)} | ${
        s[0].stitch
          ? `${m(r => r.stitch!.attempts)} | ${m(r => r.stitch!.writes)} | ${m(
              r => r.stitch!.searchRowsSubmitted,
            )} | ${m(r => r.stitch!.relationRowsRead)}`
          : ' | | | '
      } |`,
    );
  }
  return lines.join('\n');
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const maxOthers = opt('max-others');
  const files = args.filter(
    (a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'),
  );
  for (const f of files) {
    const file = JSON.parse(readFileSync(f, 'utf8')) as ResultFile;
    process.stdout.write(
      `${renderTable(file, {
        maxOthers: maxOthers ? Number(maxOthers) : undefined,
        base: opt('base'),
      })}\n\n`,
    );
  }
}

if (require.main === module) main();
