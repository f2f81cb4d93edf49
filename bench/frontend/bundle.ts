import { REPO_ROOT } from '@internal/infra-test-utils';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round } from '../lib/stats';
import { BenchContext, ScenarioMetrics } from '../lib/types';

const APP_DIR = resolve(REPO_ROOT, 'packages/app');
const PLUGIN_PACKAGE = '@infra-inventory/plugin-infra';
/** Sources that are our plugin: its own code and the common package it brings in. */
const OURS = /(^|\/)plugins\/(infra|infra-common)\/(src|dist)\//;
const CLI = resolve(REPO_ROOT, 'node_modules/.bin/backstage-cli');
/** Where the copy of the app without our plugin is built; git-ignored, removed afterwards. */
const WORK_DIR = resolve(__dirname, '.build');

const gzipKb = (data: Buffer | string) =>
  gzipSync(typeof data === 'string' ? Buffer.from(data) : data).length / 1024;

/** Every JS and CSS file the browser may fetch from `dist/static`, gzipped one by one. */
function distGzipKb(distDir: string): number {
  const dir = join(distDir, 'static');
  return readdirSync(dir)
    .filter(f => /\.(js|css)$/.test(f))
    .reduce((sum, f) => sum + gzipKb(readFileSync(join(dir, f))), 0);
}

async function build(
  appDir: string,
  log: (m: string) => void,
  extraConfig?: string,
) {
  const started = Date.now();
  const args = [CLI, 'package', 'build'];
  if (extraConfig) {
    args.push('--config', resolve(REPO_ROOT, 'app-config.yaml'));
    args.push('--config', extraConfig);
  }
  await new Promise<void>((resolveBuild, reject) => {
    let output = '';
    const child = spawn(process.execPath, args, {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', d => (output += d));
    child.stderr.on('data', d => (output += d));
    child.on('error', reject);
    child.on('exit', code =>
      code === 0
        ? resolveBuild()
        : reject(
            new Error(`app build in ${appDir} failed:\n${output.slice(-3000)}`),
          ),
    );
  });
  log(`built ${appDir} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/**
 * A copy of packages/app without our plugin (inside the repository, so modules resolve the same
 * way): App.tsx without its import and feature, and a config that keeps feature discovery
 * (`app.packages: all`, which reads the app's dependencies from the workspace) from adding it.
 * The copy keeps the name `app`: the CLI looks the package being built up in the workspace.
 */
function appWithoutPlugin(): { dir: string; config: string } {
  rmSync(WORK_DIR, { recursive: true, force: true });
  const dir = join(WORK_DIR, 'app-without-infra');
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'public', '.eslintrc.js']) {
    if (existsSync(join(APP_DIR, entry))) {
      cpSync(join(APP_DIR, entry), join(dir, entry), { recursive: true });
    }
  }
  cpSync(join(APP_DIR, 'package.json'), join(dir, 'package.json'));
  const config = join(WORK_DIR, 'app-config.without-infra.yaml');
  writeFileSync(
    config,
    `app:\n  packages:\n    exclude:\n      - '${PLUGIN_PACKAGE}'\n`,
  );
  const appFile = join(dir, 'src/App.tsx');
  const app = readFileSync(appFile, 'utf8');
  const importLine = new RegExp(
    `^import (\\w+) from '${PLUGIN_PACKAGE}';\\n`,
    'm',
  ).exec(app);
  if (!importLine) {
    throw new Error(`${appFile} does not import ${PLUGIN_PACKAGE} by default`);
  }
  const name = importLine[1];
  const stripped = app
    .replace(importLine[0], '')
    .replace(new RegExp(`^\\s*${name},\\n`, 'm'), '');
  if (new RegExp(`\\b${name}\\b`).test(stripped)) {
    throw new Error(`could not remove ${name} from ${appFile}`);
  }
  writeFileSync(appFile, stripped);
  return { dir, config };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source-map segments per generated line: [column, source index], columns ascending. */
function decodeMappings(mappings: string): Array<Array<[number, number]>> {
  const lines: Array<Array<[number, number]>> = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: Array<[number, number]> = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length >= 4) {
        source += values[1];
        // values[2..3] (original line and column) are not needed here
      }
      segments.push([column, values.length >= 4 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

/**
 * The generated code of `js` that its source map attributes to our plugin's sources,
 * concatenated in order (a segment runs to the next segment or the end of its line).
 */
function ourCode(js: string, map: { sources: string[]; mappings: string }) {
  const ours = map.sources.map(s => OURS.test(s));
  if (!ours.some(Boolean)) return '';
  const lines = js.split('\n');
  const out: string[] = [];
  decodeMappings(map.mappings).forEach((segments, l) => {
    const line = lines[l] ?? '';
    segments.forEach(([column, source], i) => {
      if (source >= 0 && ours[source]) {
        out.push(line.slice(column, segments[i + 1]?.[0] ?? line.length));
      }
    });
  });
  return out.join('');
}

/** Minified bytes per source file of a build, over all its chunks. */
export function bytesPerSource(distDir: string): Map<string, number> {
  const dir = join(distDir, 'static');
  const appDir = resolve(distDir, '..');
  const out = new Map<string, number>();
  for (const file of readdirSync(dir).filter(f => f.endsWith('.js'))) {
    const mapFile = join(dir, `${file}.map`);
    if (!existsSync(mapFile)) continue;
    const map = JSON.parse(readFileSync(mapFile, 'utf8'));
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    decodeMappings(map.mappings).forEach((segments, l) => {
      const length = lines[l]?.length ?? 0;
      segments.forEach(([column, source], i) => {
        if (source < 0) return;
        // sources are relative to the app folder, which differs between the two builds
        const path = resolve(
          appDir,
          String(map.sources[source]).replace(/^webpack:\/\/[^/]*\//, ''),
        );
        const name = path.startsWith(`${appDir}${sep}`)
          ? `app/${relative(appDir, path)}`
          : path;
        const bytes = (segments[i + 1]?.[0] ?? length) - column;
        out.set(name, (out.get(name) ?? 0) + bytes);
      });
    });
  }
  return out;
}

/** `node_modules/@scope/name/...` → `@scope/name`; our workspace folders as they are. */
function packageOf(source: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (m) return m[1];
  return /plugins\/[^/]+/.exec(source)?.[0] ?? source;
}

/** Our plugin's share of a build, attributed through the source maps of its chunks. */
function attribute(distDir: string) {
  const dir = join(distDir, 'static');
  const initial = new Set(
    [
      ...readFileSync(join(distDir, 'index.html'), 'utf8').matchAll(
        /src="\/static\/([^"]+\.js)"/g,
      ),
    ].map(m => m[1]),
  );
  let rawKb = 0;
  let gzKb = 0;
  let initialGzKb = 0;
  let chunks = 0;
  for (const file of readdirSync(dir).filter(f => f.endsWith('.js'))) {
    const mapFile = join(dir, `${file}.map`);
    if (!existsSync(mapFile)) continue;
    const code = ourCode(
      readFileSync(join(dir, file), 'utf8'),
      JSON.parse(readFileSync(mapFile, 'utf8')),
    );
    if (!code) continue;
    chunks++;
    rawKb += Buffer.byteLength(code) / 1024;
    const gz = gzipKb(code);
    gzKb += gz;
    if (initial.has(file)) initialGzKb += gz;
  }
  return { rawKb, gzKb, initialGzKb, chunks };
}

/**
 * What our plugin adds to the production app, gzipped. Full run: the app is built as it is and
 * as a copy without the plugin, and the gzipped JS + CSS of the two `dist/static` folders are
 * compared (`pluginGzipKb`, everything the plugin brings, its dependencies included). Both runs
 * also attribute the minified code of the current build to our sources through the source maps
 * (`attributedGzipKb`; the smoke run reports it as `pluginGzipKb` and builds nothing, reading the
 * build the test script made).
 */
export async function bundleScenario({
  smoke,
  log,
}: BenchContext): Promise<ScenarioMetrics> {
  const withDist = join(APP_DIR, 'dist');
  if (!smoke) await build(APP_DIR, log);
  if (!existsSync(join(withDist, 'index.html'))) {
    throw new Error(
      `${withDist} has no build: cd packages/app && backstage-cli package build`,
    );
  }
  const attributed = attribute(withDist);
  const appGzipKb = distGzipKb(withDist);
  log(
    `attributed to plugins/infra(+common): ${round(
      attributed.rawKb,
    )} kB raw, ${round(attributed.gzKb)} kB gzipped in ${
      attributed.chunks
    } chunks (${round(attributed.initialGzKb)} kB of it loaded up front)`,
  );
  const metrics: ScenarioMetrics = {
    attributedGzipKb: round(attributed.gzKb),
    attributedRawKb: round(attributed.rawKb),
    initialGzipKb: round(attributed.initialGzKb),
    chunks: attributed.chunks,
    appGzipKb: round(appGzipKb),
  };
  if (smoke) return { pluginGzipKb: metrics.attributedGzipKb, ...metrics };

  try {
    const without = appWithoutPlugin();
    await build(without.dir, log, without.config);
    const withoutDist = join(without.dir, 'dist');
    if (attribute(withoutDist).chunks > 0) {
      throw new Error(`${withoutDist} still holds code of plugins/infra`);
    }
    const withoutGzipKb = distGzipKb(withoutDist);
    // which packages' modules only the build with the plugin holds (minified bytes)
    const withBytes = bytesPerSource(withDist);
    const withoutBytes = bytesPerSource(withoutDist);
    const added = new Map<string, number>();
    for (const [source, bytes] of withBytes) {
      const extra = bytes - (withoutBytes.get(source) ?? 0);
      if (extra > 0) {
        const pkg = packageOf(source);
        added.set(pkg, (added.get(pkg) ?? 0) + extra);
      }
    }
    const top = [...added.entries()].sort((a, b) => b[1] - a[1]);
    const addedRawKb = top.reduce((sum, [, bytes]) => sum + bytes, 0) / 1024;
    log(
      `minified code only in the build with the plugin: ${round(
        addedRawKb,
      )} kB, by package: ${top
        .slice(0, 12)
        .map(([pkg, bytes]) => `${pkg} ${round(bytes / 1024)} kB`)
        .join(', ')}`,
    );
    log(
      `app ${round(appGzipKb)} kB gzipped with the plugin, ${round(
        withoutGzipKb,
      )} kB without`,
    );
    return {
      pluginGzipKb: round(appGzipKb - withoutGzipKb),
      ...metrics,
      appWithoutPluginGzipKb: round(withoutGzipKb),
      addedRawKb: round(addedRawKb),
    };
  } finally {
    rmSync(WORK_DIR, { recursive: true, force: true });
  }
}
