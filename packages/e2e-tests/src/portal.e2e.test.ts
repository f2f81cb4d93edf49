import {
  builtAppRequirement,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumRequirement,
  describeWith,
  REPO_ROOT,
  RunningBackend,
  startBackend,
} from '@internal/infra-test-utils';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';

const screenshots = resolve(REPO_ROOT, 'e2e-screenshots');

describeWith(chromiumRequirement, builtAppRequirement)(
  'portal (real backend, production build, Chromium)',
  () => {
    let backend: RunningBackend;
    let browser: Browser;

    beforeAll(async () => {
      [backend, browser] = await Promise.all([
        startBackend(),
        chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }),
      ]);
      mkdirSync(screenshots, { recursive: true });
      // eslint-disable-next-line no-console
      console.log(`e2e screenshots are saved under ${screenshots}`);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await backend?.stop();
    });

    it('signs in as guest and shows the catalog with this project in it', async () => {
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
    }, 120_000);
  },
);
