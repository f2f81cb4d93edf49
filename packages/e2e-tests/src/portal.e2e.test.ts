import {
  builtAppRequirement,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumRequirement,
  describeWith,
  REPO_ROOT,
  RunningBackend,
  RunningVcsim,
  startBackend,
  startVcsim,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';

const screenshots = resolve(REPO_ROOT, 'e2e-screenshots');

/** The name of the entity of `type` titled `title`, once the catalog serves it. */
async function waitForEntity(
  baseUrl: string,
  type: string,
  title: string,
): Promise<string> {
  const { backstageIdentity } = await (
    await fetch(`${baseUrl}/api/auth/guest/refresh?env=development`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    })
  ).json();
  const query = `kind=resource,spec.type=${type},metadata.title=${encodeURIComponent(
    title,
  )}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(
      `${baseUrl}/api/catalog/entities/by-query?filter=${query}`,
      { headers: { Authorization: `Bearer ${backstageIdentity.token}` } },
    );
    const { items } = await res.json();
    if (items?.length) return items[0].metadata.name;
    if (Date.now() > deadline) {
      throw new Error(`no ${type} titled ${title} in the catalog`);
    }
    await new Promise(r => setTimeout(r, 1000));
  }
}

describeWith(
  chromiumRequirement,
  builtAppRequirement,
  vcsimRequirement,
)('portal (real backend, production build, vcsim, Chromium)', () => {
  let backend: RunningBackend;
  let browser: Browser;
  let vc: RunningVcsim;

  beforeAll(async () => {
    vc = await startVcsim({ topology: 'demo' });
    [backend, browser] = await Promise.all([
      startBackend({
        env: {
          APP_CONFIG_catalog_providers_vsphere_demo_url: vc.url,
          APP_CONFIG_catalog_providers_vsphere_demo_username: vc.username,
          APP_CONFIG_catalog_providers_vsphere_demo_password: vc.password,
        },
      }),
      chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
    ]);
    mkdirSync(screenshots, { recursive: true });
    // eslint-disable-next-line no-console
    console.log(`e2e screenshots are saved under ${screenshots}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await backend?.stop();
    await vc?.stop();
  });

  it('signs in as guest, shows this project and the demo vCenter in the catalog', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${backend.baseUrl}/catalog`);
      // the app's default sign-in page offers the guest provider
      await page
        .getByRole('button', { name: /enter/i })
        .click({ timeout: 30_000 });
      // entities from catalog-info.yaml, listed by title
      await page
        .getByRole('link', { name: 'infra-backend' })
        .waitFor({ timeout: 30_000 });
      await page
        .getByRole('link', { name: 'catalog-backend-module-infra' })
        .waitFor();
      await page.screenshot({
        path: resolve(screenshots, 'catalog.png'),
        fullPage: true,
      });

      // a cluster of the demo vCenter, read by the vSphere provider
      const cluster = await waitForEntity(
        backend.baseUrl,
        'vsphere-cluster',
        'DC0_C0',
      );
      await page.goto(`${backend.baseUrl}/catalog/default/resource/${cluster}`);
      await page
        .getByText('vSphere cluster')
        .first()
        .waitFor({ timeout: 30_000 });
      await page
        .getByText('Hosts in this cluster')
        .waitFor({ timeout: 30_000 });
      await page
        .getByText('Storage of this cluster')
        .waitFor({ timeout: 30_000 });
      // hosts' mounts resolved into relations: the storage card lists the datastores
      await page
        .getByRole('link', { name: 'LocalDS_0' })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: resolve(screenshots, 'cluster-page.png'),
        fullPage: true,
      });

      // walk the hierarchy: cluster → host → VM
      await page.getByRole('link', { name: 'DC0_C0_H0' }).first().click();
      await page.getByText('ESXi host').first().waitFor({ timeout: 30_000 });
      const vmLink = page
        .getByRole('link', { name: /^DC0_C0_RP0_VM\d+$/ })
        .first();
      await vmLink.waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: resolve(screenshots, 'host-page.png'),
        fullPage: true,
      });
      await vmLink.click();
      await page
        .getByText('Virtual machine')
        .first()
        .waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: resolve(screenshots, 'vm-page.png'),
        fullPage: true,
      });

      await page.goto(`${backend.baseUrl}/infra`);
      await page.getByText('better-sqlite3').waitFor({ timeout: 30_000 });
      await page.screenshot({
        path: resolve(screenshots, 'infra-status.png'),
        fullPage: true,
      });
    } catch (error) {
      await page.screenshot({
        path: resolve(screenshots, 'failure.png'),
        fullPage: true,
      });
      throw new Error(
        `${error}\n--- backend output ---\n${backend.output().slice(-3000)}`,
      );
    } finally {
      await page.close();
    }
  }, 180_000);
});
