/*
 * yarn bench [suite ...] [--smoke] [--out DIR]
 * yarn bench --report
 *
 * Runs the named suites (all when none is named), writes one results file per suite and
 * regenerates docs/benchmarks.md. Benchmarks are not part of the test command; `--smoke` is.
 * `--report` only regenerates docs/benchmarks.md from the stored results.
 */
import { cpus } from 'node:os';
import { resolve, relative } from 'node:path';
import { writeFileSync } from 'node:fs';
import { readResults, renderMarkdown, writeResult } from './lib/report';
import { BenchResult } from './lib/types';
import { suites } from './suites';
import { runTool } from './lib/runTool';

async function main() {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const outIndex = args.indexOf('--out');
  const root = resolve(__dirname, '..');
  const outDir =
    outIndex >= 0
      ? resolve(args[outIndex + 1])
      : resolve(root, 'bench/results');
  const docsFile =
    outIndex >= 0
      ? resolve(outDir, 'benchmarks.md')
      : resolve(root, 'docs/benchmarks.md');
  const names = args.filter(
    (a, i) => !a.startsWith('--') && args[i - 1] !== '--out',
  );

  const unknown = names.filter(n => !suites.some(s => s.name === n));
  if (unknown.length) {
    throw new Error(
      `Unknown suite ${unknown.join(', ')}; known: ${suites
        .map(s => s.name)
        .join(', ')}`,
    );
  }
  let selected = names.length
    ? suites.filter(s => names.includes(s.name))
    : suites;
  if (args.includes('--report')) selected = [];

  for (const suite of selected) {
    const log = (m: string) =>
      process.stderr.write(`[bench ${suite.name}] ${m}\n`);
    log(smoke ? 'smoke run (tiny sizes)' : 'running');
    const scenarios = await suite.run({ smoke, log });
    const result: BenchResult = {
      suite: suite.name,
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version },
      ...(smoke ? { smoke: true } : {}),
      command: `yarn bench ${suite.name}${smoke ? ' --smoke' : ''}`,
      scenarios,
    };
    const file = writeResult(outDir, result);
    log(`wrote ${relative(process.cwd(), file)}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }

  const descriptions = Object.fromEntries(
    suites.map(s => [s.name, s.description]),
  );
  writeFileSync(docsFile, renderMarkdown(readResults(outDir), descriptions));
  process.stderr.write(`[bench] wrote ${relative(process.cwd(), docsFile)}\n`);
}

runTool(main, '[bench]');
