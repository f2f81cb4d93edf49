import type { BrowserContext, Page } from 'playwright-core';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The critical path of one navigation, read in the page after it: every resource the page fetched
 * (Resource Timing, buffer enlarged by an init script so no entry is dropped) and the long tasks
 * of the main thread (a `longtask` PerformanceObserver installed before any page script). All
 * times are `performance.now()` milliseconds since navigation start, the time base of
 * `interactiveMs`.
 */
export interface Timeline {
  htmlEnd: number;
  domContentLoaded: number;
  /** scripts loaded: count, bytes over the wire (0 from the HTTP cache), last one's end */
  js: { count: number; transferKb: number; decodedKb: number; lastEnd: number };
  /** scripts requested after the entity had arrived: the lazy card chunks */
  jsAfterEntity: {
    count: number;
    decodedKb: number;
    lastEnd: number;
    /** the biggest ones: file, kB, start→end */
    biggest: string[];
  };
  /** when each card (by title) first had its content, as the render probe judges it */
  cards: Record<string, number>;
  /** the entity page's own fetch of the entity (catalog by-name) */
  entity?: { start: number; end: number };
  /** every API call, in start order */
  api: Array<{ path: string; start: number; end: number; kb: number }>;
  longTasks: { count: number; totalMs: number; afterEntityMs: number };
}

/** Install once per page before navigating (with timeCardsRendered's probe). */
export async function installTimeline(page: Page) {
  await page.addInitScript(() => {
    const w = window as any;
    performance.setResourceTimingBufferSize(5000);
    w.__longTasks = [];
    // per card: first time it is present with content (the render probe's rule, simplified)
    w.__cardTimes = {};
    let scheduled = false;
    const check = () => {
      scheduled = false;
      const main = document.querySelector('main');
      if (!main) return;
      const sel = '.MuiPaper-root, .bui-Card';
      for (const card of Array.from(main.querySelectorAll(sel))) {
        if (card.parentElement?.closest(sel)) continue;
        const header = card.querySelector(
          '.MuiCardHeader-title, .bui-CardHeader, h2, h3, h4, h5, h6',
        );
        const title = header?.textContent?.trim();
        if (!title || w.__cardTimes[title] !== undefined) continue;
        const busy = Array.from(
          card.querySelectorAll(
            '.MuiSkeleton-root, [class*="Skeleton"], [role="progressbar"]',
          ),
        ).some(
          el =>
            !el.matches('[role="progressbar"][aria-valuenow]') ||
            el.matches('.MuiSkeleton-root, [class*="Skeleton"]'),
        );
        const body =
          card.querySelector('.MuiCardContent-root, .bui-CardBody') ?? card;
        const text = (body.textContent ?? '')
          .replace(body === card ? title : '', '')
          .trim();
        if (!busy && (text || body.querySelector('[aria-valuenow]'))) {
          w.__cardTimes[title] = Math.round(performance.now());
        }
      }
    };
    new MutationObserver(() => {
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(check);
      }
    }).observe(document, {
      subtree: true,
      childList: true,
      characterData: true,
    });
    try {
      new PerformanceObserver(list => {
        for (const e of list.getEntries()) {
          w.__longTasks.push({ start: e.startTime, duration: e.duration });
        }
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // no long task API: the timeline shows none
    }
  });
}

export async function readTimeline(page: Page): Promise<Timeline> {
  return page.evaluate(() => {
    const w = window as any;
    const nav = performance.getEntriesByType('navigation')[0] as
      | PerformanceNavigationTiming
      | undefined;
    const res = performance.getEntriesByType(
      'resource',
    ) as PerformanceResourceTiming[];
    const path = (r: PerformanceResourceTiming) => {
      const u = new URL(r.name);
      return `${u.pathname.replace(/^\/api\//, '')}${u.search}`;
    };
    const entityRes = res.find(r =>
      r.name.includes('/api/catalog/entities/by-name/'),
    );
    const entityEnd = entityRes?.responseEnd ?? Infinity;
    const scripts = res.filter(r => /\.js(\?|$)/.test(r.name));
    const late = scripts.filter(r => r.startTime >= entityEnd);
    const kb = (n: number) => Math.round(n / 102.4) / 10;
    const longTasks: Array<{ start: number; duration: number }> =
      w.__longTasks ?? [];
    return {
      htmlEnd: Math.round(nav?.responseEnd ?? -1),
      domContentLoaded: Math.round(nav?.domContentLoadedEventEnd ?? -1),
      js: {
        count: scripts.length,
        transferKb: kb(scripts.reduce((s, r) => s + r.transferSize, 0)),
        decodedKb: kb(scripts.reduce((s, r) => s + r.decodedBodySize, 0)),
        lastEnd: Math.round(Math.max(0, ...scripts.map(r => r.responseEnd))),
      },
      jsAfterEntity: {
        count: late.length,
        decodedKb: kb(late.reduce((s, r) => s + r.decodedBodySize, 0)),
        lastEnd: Math.round(Math.max(0, ...late.map(r => r.responseEnd))),
        biggest: [...late]
          .sort((a, b) => b.decodedBodySize - a.decodedBodySize)
          .slice(0, 4)
          .map(
            r =>
              `${new URL(r.name).pathname.replace('/static/', '')} ${kb(
                r.decodedBodySize,
              )} kB ${Math.round(r.startTime)}→${Math.round(r.responseEnd)}`,
          ),
      },
      cards: w.__cardTimes ?? {},
      entity: entityRes && {
        start: Math.round(entityRes.startTime),
        end: Math.round(entityRes.responseEnd),
      },
      api: res
        .filter(r => r.name.includes('/api/'))
        .sort((a, b) => a.startTime - b.startTime)
        .map(r => ({
          path: path(r),
          start: Math.round(r.startTime),
          end: Math.round(r.responseEnd),
          kb: kb(r.decodedBodySize),
        })),
      longTasks: {
        count: longTasks.length,
        totalMs: Math.round(longTasks.reduce((s, t) => s + t.duration, 0)),
        afterEntityMs: Math.round(
          longTasks
            .filter(t => t.start >= entityEnd)
            .reduce((s, t) => s + t.duration, 0),
        ),
      },
    };
  });
}

const shortPath = (p: string) =>
  decodeURIComponent(p)
    .replace(/^catalog\/entities\/by-name\/.*/, 'catalog entity')
    .replace(/^catalog\/entities\/by-query\?/, 'catalog by-query ')
    .replace(/^catalog\/entities\/by-refs.*/, 'catalog by-refs')
    .replace(/^catalog\/entity-facets\?/, 'catalog facets ')
    .replace(/^infra\/vsphere\/[^/]+\/clusters\/[^/]+\//, 'infra cluster ')
    .replace(/&?fields=[^&]*/g, '')
    .slice(0, 70);

/** One line per stage, for the log. */
export function describeTimeline(t: Timeline, interactiveMs: number): string {
  const lines = [
    `html ${t.htmlEnd}, DOMContentLoaded ${t.domContentLoaded}, ` +
      `${t.js.count} scripts (${t.js.transferKb} kB over the wire, ${t.js.decodedKb} kB) last at ${t.js.lastEnd}`,
    `entity ${
      t.entity ? `${t.entity.start}→${t.entity.end}` : 'not fetched'
    }; ` +
      `${t.jsAfterEntity.count} scripts after it (${
        t.jsAfterEntity.decodedKb
      } kB) last at ${
        t.jsAfterEntity.lastEnd
      }; biggest ${t.jsAfterEntity.biggest.join(', ')}`,
    `cards rendered at: ${Object.entries(t.cards)
      .sort((a, b) => a[1] - b[1])
      .map(([title, ms]) => `${title} ${ms}`)
      .join(', ')}`,
    `long tasks ${t.longTasks.count}, ${t.longTasks.totalMs} ms (${
      t.longTasks.afterEntityMs
    } ms after the entity); interactive ${Math.round(interactiveMs)}`,
    ...t.api.map(
      a => `  ${a.start}→${a.end} ${shortPath(a.path)} (${a.kb} kB)`,
    ),
  ];
  return lines.join('\n    ');
}

/**
 * Makes a browser context load another build of the app than the one the backend serves: the
 * HTML still comes from the backend (with its injected config), its script and stylesheet tags
 * are swapped for those of `dir/index.html`, and `/static/` files present in `dir/static` are
 * served from there. For before/after comparisons on one backend and one catalog.
 */
export async function serveAppBuild(context: BrowserContext, dir: string) {
  // the build the backend serves, untouched (HTTP cache on)
  if (dir === 'native') return;
  const own = readFileSync(join(dir, 'index.html'), 'utf8');
  const tagRe =
    /<script defer(?:="defer")? src="\/static\/[^"]+"><\/script>|<link href="\/static\/[^"]+" rel="stylesheet">/g;
  const tags = (own.match(tagRe) ?? []).join('');
  await context.route(
    url => url.pathname.startsWith('/static/'),
    async route => {
      const file = join(dir, new URL(route.request().url()).pathname);
      if (!existsSync(file)) return route.continue();
      const type = file.endsWith('.css')
        ? 'text/css'
        : 'application/javascript';
      return route.fulfill({
        body: readFileSync(file),
        contentType: type,
        headers: { 'cache-control': 'public, max-age=1209600' },
      });
    },
  );
  await context.route(
    url =>
      !url.pathname.startsWith('/static/') && !url.pathname.startsWith('/api/'),
    async route => {
      if (route.request().resourceType() !== 'document') {
        return route.continue();
      }
      const response = await route.fetch();
      const html = await response.text();
      let first = true;
      const swapped = html.replace(tagRe, () => {
        if (!first) return '';
        first = false;
        return tags;
      });
      if (first) {
        throw new Error(
          `serveAppBuild: no script tags to swap in ${route.request().url()}`,
        );
      }
      return route.fulfill({ response, body: swapped });
    },
  );
}
