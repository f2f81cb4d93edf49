import { BenchSuite, ScenarioMetrics } from '../lib/types';
import { bundleScenario } from './bundle';
import { clusterPageScenario } from './clusterPage';

/** Issue 8: the portal's cluster page in a real browser, and what our plugin adds to the bundle. */
export const frontendSuite: BenchSuite = {
  name: 'frontend',
  description:
    'Issue 8, see bench/frontend/README.md: the cluster page of a 1,500-VM vCenter (vcsim vms1500, 300 VMs and 10 hosts per cluster) on the real backend (in-memory SQLite) serving the production app build, in Debian Chromium: milliseconds from navigation start until every card is present with its content (no skeleton or indeterminate progress left), median of one cold navigation per other cluster (new browser context, backend caches cold for that cluster; interactiveMs) and of 7 warm reloads (warmInteractiveMs); gzipped JS + CSS the plugin adds to packages/app/dist, from building the app with and without it (pluginGzipKb), cross-checked by source-map attribution. Targets: interactive <= 2000 ms, <= 300 kB gzipped.',
  async run(ctx) {
    const scenarios: Record<string, ScenarioMetrics> = {};
    // the bundle first: the full run rebuilds packages/app/dist, which the page scenario serves
    scenarios.bundle = await bundleScenario(ctx);
    scenarios['cluster-page-1500'] = await clusterPageScenario(ctx);
    return scenarios;
  },
};
