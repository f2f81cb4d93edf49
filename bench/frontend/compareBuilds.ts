/**
 * Side-by-side: the cluster page with two builds of the app on ONE backend and catalog (vcsim
 * vms1500), in one run, at the same load. Usage (from the repo root):
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/frontend/compareBuilds.ts \
 *     A=/path/to/distA B=/path/to/distB [--rounds N] [--smoke]
 *
 * Each dist is a copy of `packages/app/dist` taken right after `backstage-cli package build`, or
 * `native` for the build the backend serves. Copies are injected through Playwright routing (see
 * serveAppBuild), which disables Chromium's HTTP cache, so compare copies with copies: "warm"
 * there means a warm backend and a page loaded before, not cached assets (`native` keeps the
 * cache; `yarn bench frontend` gives the real warm figure). Per round and cluster the variants alternate who goes first; the first
 * visitor of a cluster meets cold backend caches (`coldBackend`), the second warm ones.
 */
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  expectedVmCount,
  settledCardTitles,
  signInAsGuest,
  startPortalStack,
  timeCardsRendered,
  topologies,
  waitForEntities,
  waitForEntityTitled,
} from '@internal/infra-test-utils';
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { median, round } from '../lib/stats';
import {
  describeTimeline,
  installTimeline,
  readTimeline,
  serveAppBuild,
} from './timeline';

async function main() {
  const args = process.argv.slice(2);
  const smoke = args.includes('--smoke');
  const roundsArg = args.indexOf('--rounds');
  const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 1;
  const variants = args
    .filter(a => /^[A-Za-z0-9_-]+=/.test(a))
    .map(a => ({ name: a.split('=')[0], dir: a.slice(a.indexOf('=') + 1) }));
  if (variants.length < 1) throw new Error('give NAME=dist pairs');
  const log = (m: string) => process.stderr.write(`[compare] ${m}\n`);

  const topologyName = smoke ? 'demo' : 'vms1500';
  const topology = topologies[topologyName];
  const vms = expectedVmCount(topology) - (topology.templates ?? 0);
  const clusters = Array.from(
    { length: topology.clusters },
    (_, i) => `DC0_C${i}`,
  );
  const stack = await startPortalStack({
    topology: topologyName,
    vcsimStartTimeoutMs: 600_000,
    backendTimeoutMs: 300_000,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  });
  try {
    const baseUrl = stack.backend.baseUrl;
    await waitForEntities(baseUrl, 'kind=resource,spec.type=vsphere-vm', {
      minCount: vms,
      timeoutMs: 1_800_000,
    });
    await waitForEntities(baseUrl, 'kind=resource,spec.type=vsphere-cluster', {
      minCount: clusters.length,
      timeoutMs: 300_000,
    });
    const names = await Promise.all(
      clusters.map(c => waitForEntityTitled(baseUrl, 'vsphere-cluster', c)),
    );
    const urls = names.map(n => `${baseUrl}/catalog/default/resource/${n}`);
    const viewport = { width: 1400, height: 1000 };

    const login = await browser.newContext({ viewport });
    const loginPage = await login.newPage();
    await signInAsGuest(loginPage, baseUrl);
    const storageState = await login.storageState();
    await login.close();

    // learn the cards (per variant: they must agree) on the first cluster
    let titles: string[] | undefined;
    for (const v of variants) {
      const ctx = await browser.newContext({ viewport, storageState });
      await serveAppBuild(ctx, v.dir);
      const p = await ctx.newPage();
      p.on('pageerror', e => log(`${v.name} page error: ${e.stack}`));
      p.on('console', m => {
        if (m.type() === 'error') log(`${v.name} console: ${m.text()}`);
      });
      p.on('requestfailed', r =>
        log(`${v.name} failed: ${r.url()} ${r.failure()?.errorText}`),
      );
      p.on('response', r => {
        if (r.status() >= 400) log(`${v.name} ${r.status()}: ${r.url()}`);
      });
      await p.goto(urls[0]);
      const t = await settledCardTitles(p, { timeoutMs: 120_000 });
      log(`${v.name} cards: ${t.join(', ')}`);
      if (titles && t.join('|') !== titles.join('|')) {
        throw new Error(`${v.name} shows other cards than ${variants[0].name}`);
      }
      titles = t;
      await ctx.close();
    }

    const samples: Record<
      string,
      { coldBackend: number[]; coldBrowser: number[]; warm: number[] }
    > = {};
    for (const v of variants) {
      samples[v.name] = { coldBackend: [], coldBrowser: [], warm: [] };
    }
    const load: number[] = [];
    const timed = async (
      v: (typeof variants)[number],
      url: string,
      label: string,
    ) => {
      const ctx = await browser.newContext({ viewport, storageState });
      try {
        await serveAppBuild(ctx, v.dir);
        const p = await ctx.newPage();
        await installTimeline(p);
        load.push(loadavg()[0]);
        const ms = await timeCardsRendered(p, url, titles!);
        log(
          `${v.name} ${label}: ${round(ms)} ms\n    ${describeTimeline(
            await readTimeline(p),
            ms,
          )}`,
        );
        return ms;
      } finally {
        await ctx.close();
      }
    };
    for (let r = 0; r < rounds; r++) {
      for (const [i, url] of urls.slice(1).entries()) {
        const order = (i + r) % 2 === 0 ? variants : [...variants].reverse();
        for (const [k, v] of order.entries()) {
          const ms = await timed(
            v,
            url,
            `${clusters[i + 1]} ${
              r === 0 && k === 0 ? 'cold backend' : 'cold browser'
            }`,
          );
          (r === 0 && k === 0
            ? samples[v.name].coldBackend
            : samples[v.name].coldBrowser
          ).push(ms);
        }
      }
    }
    // warm: a page that has shown the first cluster, reloaded (alternating variants)
    const warmPages = await Promise.all(
      variants.map(async v => {
        const ctx = await browser.newContext({ viewport, storageState });
        await serveAppBuild(ctx, v.dir);
        const p = await ctx.newPage();
        await installTimeline(p);
        await timeCardsRendered(p, urls[0], titles!);
        return { v, p, ctx };
      }),
    );
    for (let i = 0; i < (smoke ? 1 : 5); i++) {
      for (const { v, p } of i % 2 ? [...warmPages].reverse() : warmPages) {
        load.push(loadavg()[0]);
        const ms = await timeCardsRendered(p, urls[0], titles!);
        samples[v.name].warm.push(ms);
        if (i === 0) {
          log(
            `${v.name} warm: ${round(ms)} ms\n    ${describeTimeline(
              await readTimeline(p),
              ms,
            )}`,
          );
        }
      }
    }
    for (const w of warmPages) await w.ctx.close();

    const summary = Object.fromEntries(
      Object.entries(samples).map(([name, s]) => [
        name,
        {
          coldMedianMs: round(median([...s.coldBackend, ...s.coldBrowser])),
          coldBackendMs: s.coldBackend.map(x => round(x)),
          coldBrowserMs: s.coldBrowser.map(x => round(x)),
          warmMedianMs: round(median(s.warm)),
          warmMs: s.warm.map(x => round(x)),
        },
      ]),
    );
    process.stdout.write(
      `${JSON.stringify(
        { summary, loadAvg1m: round(median(load)), cards: titles },
        null,
        2,
      )}\n`,
    );
  } finally {
    await browser.close();
    await stack.stop();
  }
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
