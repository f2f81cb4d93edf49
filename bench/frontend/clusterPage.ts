import {
  builtAppRequirement,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumRequirement,
  expectedVmCount,
  missingRequirements,
  navigationBreakdown,
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
import { BenchContext, ScenarioMetrics } from '../lib/types';
import { describeTimeline, installTimeline, readTimeline } from './timeline';

/**
 * The cluster page of a vCenter with 1,500 VMs (vcsim `vms1500`: 5 clusters of 10 hosts and 300
 * VMs) on the real backend (SQLite) serving the production app build, in Debian's Chromium.
 *
 * "Interactive" = every card of the page present with its content: no skeleton and no
 * indeterminate progress bar left, each card's body non-empty. The set of cards is learned from
 * one settled visit (so cards added to the page later are covered without editing this file); the
 * time is `performance.now()` in the page when a MutationObserver installed before any page script
 * first sees that state, i.e. milliseconds since navigation start.
 *
 * - cold: a new browser context (empty HTTP cache, signed-in session copied over) opening a
 *   cluster not opened before, so the backend's caches for that cluster are cold too; one sample
 *   per cluster other than the one used to learn the cards;
 * - warm: the context that already showed the cluster loading it again (cached assets, warm
 *   backend caches).
 */
export async function clusterPageScenario({
  smoke,
  log,
}: BenchContext): Promise<ScenarioMetrics> {
  const missing = missingRequirements([
    chromiumRequirement,
    builtAppRequirement,
  ]);
  if (missing.length) {
    throw new Error(`frontend bench needs: ${missing.join('; ')}`);
  }
  const topologyName = smoke ? 'demo' : 'vms1500';
  const topology = topologies[topologyName];
  const vms = expectedVmCount(topology) - (topology.templates ?? 0);
  const clusters = Array.from(
    { length: topology.clusters },
    (_, i) => `DC0_C${i}`,
  );
  const warmRuns = smoke ? 1 : 7;

  const started = Date.now();
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
    log(`backend up in ${Date.now() - started} ms (${topologyName})`);
    const ingestStarted = Date.now();
    await waitForEntities(baseUrl, 'kind=resource,spec.type=vsphere-vm', {
      minCount: vms,
      timeoutMs: 1_800_000,
    });
    await waitForEntities(baseUrl, 'kind=resource,spec.type=vsphere-cluster', {
      minCount: clusters.length,
      timeoutMs: 300_000,
    });
    const catalogReadyS = (Date.now() - ingestStarted) / 1000;
    log(`${vms} VMs in the catalog after ${round(catalogReadyS)} s`);
    const names = await Promise.all(
      clusters.map(c => waitForEntityTitled(baseUrl, 'vsphere-cluster', c)),
    );
    const urls = names.map(n => `${baseUrl}/catalog/default/resource/${n}`);

    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    await signInAsGuest(page, baseUrl);
    const storageState = await context.storageState();

    // learn the cards from one settled visit of the first cluster
    await page.goto(urls[0]);
    const titles = await settledCardTitles(page, { timeoutMs: 120_000 });
    log(`cards: ${titles.join(', ')}`);
    await page.close();

    // how busy the machine was while measuring (1-minute load average, sampled per navigation)
    const load: number[] = [];
    const cold: number[] = [];
    for (const [i, url] of urls.slice(1).entries()) {
      const fresh = await browser.newContext({
        viewport: { width: 1400, height: 1000 },
        storageState,
      });
      try {
        load.push(loadavg()[0]);
        const coldPage = await fresh.newPage();
        await installTimeline(coldPage);
        const ms = await timeCardsRendered(coldPage, url, titles);
        cold.push(ms);
        log(
          `cold ${clusters[i + 1]}: ${round(
            ms,
          )} ms (${await navigationBreakdown(
            coldPage,
          )})\n    ${describeTimeline(await readTimeline(coldPage), ms)}`,
        );
      } finally {
        await fresh.close();
      }
    }

    const warm: number[] = [];
    const again = await context.newPage();
    await installTimeline(again);
    for (let i = 0; i < warmRuns; i++) {
      load.push(loadavg()[0]);
      warm.push(await timeCardsRendered(again, urls[0], titles));
    }
    log(
      `warm ${clusters[0]}: ${warm
        .map(x => round(x))
        .join(', ')} ms (last: ${await navigationBreakdown(
        again,
      )})\n    ${describeTimeline(
        await readTimeline(again),
        warm[warm.length - 1],
      )}`,
    );
    await context.close();

    return {
      interactiveMs: round(median(cold)),
      coldMaxMs: round(Math.max(...cold)),
      coldRuns: cold.length,
      warmInteractiveMs: round(median(warm)),
      warmMaxMs: round(Math.max(...warm)),
      warmRuns: warm.length,
      cards: titles.length,
      vms,
      catalogReadyS: round(catalogReadyS),
      loadAvg1m: round(median(load)),
    };
  } finally {
    await browser.close();
    await stack.stop();
  }
}
