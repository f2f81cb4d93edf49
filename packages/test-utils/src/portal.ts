import type { Page } from 'playwright-core';
import { RunningBackend, startBackend } from './backend';
import {
  NetboxEmulator,
  NetboxEmulatorOptions,
  startNetboxEmulator,
} from './netbox';
import {
  EmulatedSwitchOptions,
  startSwitchFleet,
  SwitchFleet,
  switchFleetTargets,
} from './switches';
import { RunningVcsim, startVcsim } from './vcsim/launcher';
import { TopologyName, VcsimTopology } from './vcsim/topologies';

/**
 * The whole portal for browser tests and benchmarks: vcsim, optionally the NetBox emulator and an
 * emulated switch fleet, and the real backend (SQLite, production app build) configured to read
 * them all. Permissions come from packages/backend's policy (allow-all).
 */
export interface PortalStackOptions {
  topology?: TopologyName | VcsimTopology;
  vcsimStartTimeoutMs?: number;
  /** Start the NetBox emulator (catalog provider `demo` and the segments API write to it). */
  netbox?: NetboxEmulatorOptions;
  /** Runs before the backend starts (nothing has read vcsim or NetBox yet), to add data. */
  prepare?: (parts: {
    vcsim: RunningVcsim;
    netbox?: NetboxEmulator;
    fleet?: SwitchFleet;
  }) => void | Promise<void>;
  /** Emulated switches for `infra.mactrace`, pinned to their host keys. */
  switches?: EmulatedSwitchOptions[];
  /** Extra APP_CONFIG_ variables. */
  env?: Record<string, string>;
  backendTimeoutMs?: number;
}

export interface PortalStack {
  backend: RunningBackend;
  vcsim: RunningVcsim;
  netbox?: NetboxEmulator;
  fleet?: SwitchFleet;
  stop(): Promise<void>;
}

export async function startPortalStack(
  options: PortalStackOptions = {},
): Promise<PortalStack> {
  const started: Array<{ stop(): Promise<void> }> = [];
  const track = <T extends { stop(): Promise<void> }>(part: T): T => {
    started.push(part);
    return part;
  };
  const stop = async () => {
    for (const s of started.reverse()) await s.stop().catch(() => undefined);
  };
  try {
    const [vcsim, netbox, fleet] = await Promise.all([
      startVcsim({
        topology: options.topology ?? 'demo',
        startTimeoutMs: options.vcsimStartTimeoutMs,
      }).then(track),
      options.netbox
        ? startNetboxEmulator(options.netbox).then(track)
        : undefined,
      options.switches
        ? startSwitchFleet({ switches: options.switches }).then(track)
        : undefined,
    ]);
    await options.prepare?.({ vcsim, netbox, fleet });
    const env: Record<string, string> = {
      APP_CONFIG_catalog_providers_vsphere_demo_url: vcsim.url,
      APP_CONFIG_catalog_providers_vsphere_demo_username: vcsim.username,
      APP_CONFIG_catalog_providers_vsphere_demo_password: vcsim.password,
    };
    if (netbox) {
      env.APP_CONFIG_catalog_providers_netbox_demo_url = netbox.url;
      env.APP_CONFIG_catalog_providers_netbox_demo_token = netbox.token;
      // the emulator defines no custom fields on prefixes
      env.APP_CONFIG_infra_segments_dhcp_storage = 'descriptionTag';
    }
    if (fleet) {
      // config-loader parses JSON values of APP_CONFIG_ variables
      env.APP_CONFIG_infra_mactrace = JSON.stringify({
        switches: switchFleetTargets(fleet).map(t => ({
          name: t.id,
          host: t.host,
          port: t.port,
          platform: t.platform,
          username: t.username,
          password: t.password,
          hostKey: t.hostKeyFingerprint,
          site: 'e2e',
          floor: '1',
        })),
      });
    }
    const backend = track(
      await startBackend({
        env: { ...env, ...options.env },
        timeoutMs: options.backendTimeoutMs,
      }),
    );
    return { backend, vcsim, netbox, fleet, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A guest user's Backstage token, for catalog queries from the test process. */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest refresh answered ${res.status}`);
  const { backstageIdentity } = await res.json();
  return backstageIdentity.token;
}

/**
 * Catalog entities matching `filter` (a `by-query` filter such as
 * `kind=resource,spec.type=vsphere-vm`), polled until at least `minCount` exist.
 */
export async function waitForEntities(
  baseUrl: string,
  filter: string,
  options: {
    minCount?: number;
    timeoutMs?: number;
    /** Also wait until this holds for the entities found. */
    until?: (items: any[]) => boolean;
    /** `fields` of the query; default `metadata.name,metadata.title`. */
    fields?: string;
  } = {},
): Promise<any[]> {
  const minCount = options.minCount ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const token = await guestToken(baseUrl);
  let seen = 0;
  for (;;) {
    const items: any[] = [];
    let cursor: string | undefined;
    do {
      const url = new URL(`${baseUrl}/api/catalog/entities/by-query`);
      if (cursor) url.searchParams.set('cursor', cursor);
      else url.searchParams.set('filter', filter);
      url.searchParams.set(
        'fields',
        options.fields ?? 'metadata.name,metadata.title',
      );
      url.searchParams.set('limit', '1000');
      const res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      const body = await res.json();
      items.push(...(body.items ?? []));
      cursor = body.pageInfo?.nextCursor;
    } while (cursor);
    seen = items.length;
    if (seen >= minCount && (options.until?.(items) ?? true)) return items;
    if (Date.now() > deadline) {
      throw new Error(
        `${seen} of ${minCount} entities matching ${filter} in the catalog${
          options.until ? ' (or not in the state waited for)' : ''
        }`,
      );
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** The name of the entity of `type` titled `title`, once the catalog serves it. */
export async function waitForEntityTitled(
  baseUrl: string,
  type: string,
  title: string,
  timeoutMs = 60_000,
): Promise<string> {
  const [entity] = await waitForEntities(
    baseUrl,
    `kind=resource,spec.type=${type},metadata.title=${encodeURIComponent(
      title,
    )}`,
    { timeoutMs },
  );
  return entity.metadata.name;
}

/** Opens `baseUrl` and signs in with the default sign-in page's guest provider. */
export async function signInAsGuest(page: Page, baseUrl: string) {
  await page.goto(`${baseUrl}/catalog`);
  await page.getByRole('button', { name: /enter/i }).click({ timeout: 30_000 });
  await page
    .getByRole('heading', { name: /catalog/i })
    .first()
    .waitFor({
      timeout: 30_000,
    });
}

/** What the render probe saw on an entity page. */
export interface CardsState {
  /** Titles of the cards present, in page order. */
  titles: string[];
  /** Cards whose body is still loading (a skeleton, an indeterminate progress bar) or empty. */
  loading: string[];
  /** Loading indicators anywhere in the main area. */
  indicators: number;
}

/**
 * Runs in the page: the cards of the entity page and whether each has its content. A card is an
 * MUI Paper (Backstage's InfoCard and Table) or a Backstage UI card (the catalog's own cards), not
 * inside another one. It is rendered when its body holds text or a determinate progress bar and
 * no skeleton or indeterminate progress bar; an empty body counts as loading, because Backstage's
 * <Progress/> shows nothing for its first 250 ms. Self-contained: it is sent to the browser as text.
 */
function readCards(): CardsState {
  const main = document.querySelector('main') ?? document.body;
  const isIndicator = (el: Element) =>
    el.matches('.MuiSkeleton-root, [class*="Skeleton"]') ||
    (el.getAttribute('role') === 'progressbar' &&
      !el.hasAttribute('aria-valuenow'));
  const indicatorsIn = (root: Element) =>
    Array.from(
      root.querySelectorAll(
        '.MuiSkeleton-root, [class*="Skeleton"], [role="progressbar"]',
      ),
    ).filter(isIndicator).length;
  // InfoCards and tables are MUI Papers, the catalog's own cards Backstage UI cards
  const cardSelector = '.MuiPaper-root, .bui-Card';
  const cards = Array.from(main.querySelectorAll(cardSelector)).filter(
    c => !c.parentElement?.closest(cardSelector),
  );
  const titles: string[] = [];
  const loading: string[] = [];
  cards.forEach((card, i) => {
    const header = card.querySelector(
      '.MuiCardHeader-title, .bui-CardHeader, h2, h3, h4, h5, h6',
    );
    const title = header?.textContent?.trim() || `card ${i + 1}`;
    titles.push(title);
    const body =
      card.querySelector('.MuiCardContent-root, .bui-CardBody') ?? card;
    const bodyText = (body.textContent ?? '')
      .replace(body === card ? title : '', '')
      .trim();
    const hasBar = body.querySelector('[role="progressbar"][aria-valuenow]');
    if (indicatorsIn(card) > 0 || (!bodyText && !hasBar)) loading.push(title);
  });
  return { titles, loading, indicators: indicatorsIn(main) };
}

/**
 * Browser-side probe installed before any page script: on every DOM change (batched per frame) it
 * checks whether every expected card is present and rendered, and records `performance.now()`
 * (milliseconds since navigation start) the first time it is, as `window.__cardsRenderedAt`.
 */
function probe(arg: { expected: string[]; readCards: string }) {
  const w = window as any;
  // eslint-disable-next-line no-new-func
  const read = new Function(`return (${arg.readCards})()`) as () => CardsState;
  w.__cardsRenderedAt = undefined;
  let scheduled = false;
  const check = () => {
    scheduled = false;
    if (w.__cardsRenderedAt !== undefined) return;
    const state = read();
    const present = arg.expected.every(t => state.titles.includes(t));
    if (
      present &&
      state.titles.length >= arg.expected.length &&
      state.loading.length === 0 &&
      state.indicators === 0
    ) {
      w.__cardsRenderedAt = performance.now();
      w.__cardsState = state;
    }
  };
  const observer = new MutationObserver(() => {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(check);
    }
  });
  const start = () =>
    observer.observe(document.documentElement, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
}

/** The cards of the page now (in the page). */
export async function readCardsState(page: Page): Promise<CardsState> {
  return page.evaluate(`(${readCards.toString()})()`) as Promise<CardsState>;
}

/**
 * Waits until the entity page shows no loading indicator and its set of cards has not changed for
 * `quietMs`, and returns the card titles: what "all cards" means for later timed navigations.
 */
export async function settledCardTitles(
  page: Page,
  options: { quietMs?: number; timeoutMs?: number } = {},
): Promise<string[]> {
  const quietMs = options.quietMs ?? 1500;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = '';
  let since = Date.now();
  for (;;) {
    const state = await readCardsState(page);
    const key = JSON.stringify(state);
    if (key !== last) {
      last = key;
      since = Date.now();
    } else if (
      state.titles.length > 0 &&
      state.loading.length === 0 &&
      state.indicators === 0 &&
      Date.now() - since >= quietMs
    ) {
      return state.titles;
    }
    if (Date.now() > deadline) {
      throw new Error(`entity page did not settle: ${key}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/**
 * Navigates `page` to `url` and returns the milliseconds from navigation start until every card
 * of `expected` was present with its content (see {@link probe}), measured in the browser.
 */
export async function timeCardsRendered(
  page: Page,
  url: string,
  expected: string[],
  timeoutMs = 60_000,
): Promise<number> {
  // one probe per page: its expected titles are fixed when it is installed
  const key = JSON.stringify(expected);
  const installed = (page as any).__cardsProbe;
  if (installed === undefined) {
    (page as any).__cardsProbe = key;
    await page.addInitScript(probe, {
      expected,
      readCards: readCards.toString(),
    });
  } else if (installed !== key) {
    throw new Error('timeCardsRendered: use a new page for other cards');
  }
  await page.goto(url, { waitUntil: 'commit' });
  try {
    const handle = await page.waitForFunction(
      () => (window as any).__cardsRenderedAt,
      undefined,
      { timeout: timeoutMs, polling: 100 },
    );
    return Number(await handle.jsonValue());
  } catch (error) {
    const state = await readCardsState(page).catch(() => undefined);
    throw new Error(
      `cards of ${url} not rendered: ${error}; expected ${JSON.stringify(
        expected,
      )}, saw ${JSON.stringify(state)}`,
    );
  }
}

/** Where the last navigation of `page` spent its time: milestones and the slowest API calls. */
export async function navigationBreakdown(page: Page): Promise<string> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    const api = (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    )
      .filter(r => r.name.includes('/api/'))
      .sort((a, b) => b.responseEnd - a.responseEnd)
      .slice(0, 4)
      .map(
        r =>
          `${new URL(r.name).pathname.replace(/^\/api\//, '')} ${Math.round(
            r.startTime,
          )}+${Math.round(r.duration)}`,
      );
    return `domContentLoaded ${Math.round(
      nav?.domContentLoadedEventEnd ?? -1,
    )} ms, load ${Math.round(
      nav?.loadEventEnd ?? -1,
    )} ms; last API calls (start+duration ms): ${api.join(', ')}`;
  });
}
