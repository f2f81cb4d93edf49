import {
  builtAppRequirement,
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumRequirement,
  describeWith,
  NetboxEmulator,
  PortalStack,
  REPO_ROOT,
  setVcsimPortgroupVlans,
  settledCardTitles,
  sharedFixtures,
  signInAsGuest,
  startPortalStack,
  SwitchFleet,
  timeCardsRendered,
  vcsimRequirement,
  waitForEntities,
  waitForEntityTitled,
} from '@internal/infra-test-utils';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

const screenshots = resolve(REPO_ROOT, 'e2e-screenshots');

/** vcsim's demo portgroups (VLAN 0 out of the box) and the VLAN ids given to them here. */
const PORTGROUP_VLANS = { 'dvportgroup-13': 3120, 'dvportgroup-15': 3130 };
/** The demo NetBox's site group the portgroup VLANs (and the new segment) live in. */
const SITE_GROUP = 'Headquarters';

/** A MAC on an access port of one switch, seen behind an uplink LAG of another. */
const MAC = '02:e2:e0:00:31:20';
const ACCESS_SWITCH = 'e2e-acc1';
const ACCESS_PORT = 'Gi1/0/4';

/** The segment the test creates. */
const SEGMENT = {
  vlanId: '3999',
  epgName: 'e2e-web',
  prefix: '10.250.10.0/24',
  vrf: 'Shared',
};

async function netboxPost(
  nb: NetboxEmulator,
  endpoint: string,
  body: object,
): Promise<number> {
  const res = await fetch(`${nb.url}/api/${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Token ${nb.token}`,
    },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) {
    throw new Error(`POST ${endpoint}: ${res.status} ${await res.text()}`);
  }
  return ((await res.json()) as { id: number }).id;
}

/**
 * NetBox demo data plus a VLAN group of the Headquarters site group holding the VLANs of the
 * vcsim portgroups, each with a prefix, so portgroups link to NetBox VLANs.
 */
async function seedPortgroupVlans(nb: NetboxEmulator) {
  const siteGroup = nb.state
    .rows('dcim/site-groups')
    .find(r => r.name === SITE_GROUP);
  if (!siteGroup) throw new Error(`no site group ${SITE_GROUP} in the seed`);
  const group = await netboxPost(nb, 'ipam/vlan-groups', {
    name: 'E2E portgroups',
    slug: 'e2e-portgroups',
    scope_type: 'dcim.sitegroup',
    scope_id: siteGroup.id,
  });
  for (const [i, vid] of Object.values(PORTGROUP_VLANS).entries()) {
    const vlan = await netboxPost(nb, 'ipam/vlans', {
      vid,
      name: `e2e-pg-${vid}`,
      group,
    });
    await netboxPost(nb, 'ipam/prefixes', {
      prefix: `10.249.${i}.0/24`,
      vlan,
    });
  }
}

describeWith(
  chromiumRequirement,
  builtAppRequirement,
  vcsimRequirement,
  sharedFixtures,
)(
  'portal (real backend, production build, vcsim, NetBox emulator, switches, Chromium)',
  () => {
    let stack: PortalStack;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let baseUrl: string;

    beforeAll(async () => {
      [stack, browser] = await Promise.all([
        startPortalStack({
          topology: 'demo',
          netbox: { seed: 'demo' },
          switches: [
            {
              name: ACCESS_SWITCH,
              platform: 'cisco_ios',
              macs: [{ mac: MAC, port: ACCESS_PORT, vlan: 3120 }],
            },
            {
              name: 'e2e-dist1',
              platform: 'dell_os10',
              macs: [{ mac: MAC, port: 'port-channel1', vlan: 3120 }],
            },
          ],
          prepare: async ({ vcsim, netbox }) => {
            await Promise.all([
              setVcsimPortgroupVlans(vcsim, PORTGROUP_VLANS),
              seedPortgroupVlans(netbox!),
            ]);
          },
          env: {
            APP_CONFIG_catalog_providers_vsphere_demo_netbox: JSON.stringify({
              instance: 'demo',
              siteGroup: SITE_GROUP,
            }),
          },
        }),
        chromium.launch({
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        }),
      ]);
      baseUrl = stack.backend.baseUrl;
      context = await browser.newContext({
        viewport: { width: 1400, height: 1000 },
      });
      page = await context.newPage();
      mkdirSync(screenshots, { recursive: true });
      // eslint-disable-next-line no-console
      console.log(`e2e screenshots are saved under ${screenshots}`);
    }, 150_000);

    afterAll(async () => {
      await browser?.close();
      await stack?.stop();
    });

    const shot = (name: string, p: Page = page) =>
      p.screenshot({ path: resolve(screenshots, name), fullPage: true });

    /** Runs a step; on failure saves a screenshot and adds the backend's last output. */
    async function step(name: string, fn: () => Promise<void>) {
      try {
        await fn();
      } catch (error) {
        await shot(`failure-${name}.png`).catch(() => undefined);
        throw new Error(
          `${name}: ${error}\n--- backend output ---\n${stack.backend
            .output()
            .slice(-3000)}`,
        );
      }
    }

    it('signs in as guest, shows this project and the demo vCenter in the catalog', async () => {
      await step('catalog', async () => {
        await signInAsGuest(page, baseUrl);
        // entities from catalog-info.yaml, listed by title
        await page
          .getByRole('link', { name: 'infra-backend' })
          .waitFor({ timeout: 30_000 });
        await page
          .getByRole('link', { name: 'catalog-backend-module-infra' })
          .waitFor();
        await shot('catalog.png');
        // every VM of the demo vCenter (30, 2 of them templates) read by the vSphere provider
        const vms = await waitForEntities(
          baseUrl,
          'kind=resource,spec.type=vsphere-vm',
          { minCount: 28 },
        );
        expect(vms).toHaveLength(28);
      });
    }, 60_000);

    it('walks cluster → host → VM; every card of the cluster page renders', async () => {
      await step('cluster-host-vm', async () => {
        const cluster = await waitForEntityTitled(
          baseUrl,
          'vsphere-cluster',
          'DC0_C0',
        );
        const url = `${baseUrl}/catalog/default/resource/${cluster}`;
        await page.goto(url);
        const titles = await settledCardTitles(page, { timeoutMs: 45_000 });
        expect(titles).toEqual(
          expect.arrayContaining([
            'vSphere cluster',
            'Hosts in this cluster',
            'Storage of this cluster',
          ]),
        );
        // hosts' mounts resolved into relations: the storage card lists the datastores
        await page
          .getByRole('link', { name: 'LocalDS_0' })
          .first()
          .waitFor({ timeout: 30_000 });
        await shot('cluster-page.png');

        // the same page again in a new tab, timed in the browser from navigation start
        const timed = await context.newPage();
        try {
          const ms = await timeCardsRendered(timed, url, titles);
          expect(ms).toBeGreaterThan(0);
          // eslint-disable-next-line no-console
          console.log(
            `demo cluster page (${titles.length} cards) rendered ${Math.round(
              ms,
            )} ms after navigation (warm, not a benchmark: yarn bench frontend)`,
          );
        } finally {
          await timed.close();
        }

        // walk the hierarchy: cluster → host → VM
        await page.getByRole('link', { name: 'DC0_C0_H0' }).first().click();
        await page.getByText('ESXi host').first().waitFor({ timeout: 30_000 });
        const vmLink = page
          .getByRole('link', { name: /^DC0_C0_RP0_VM\d+$/ })
          .first();
        await vmLink.waitFor({ timeout: 30_000 });
        await shot('host-page.png');
        await vmLink.click();
        await page
          .getByText('Virtual machine')
          .first()
          .waitFor({ timeout: 30_000 });
        await settledCardTitles(page, { timeoutMs: 30_000 });
        await shot('vm-page.png');
      });
    }, 120_000);

    it('links a vSphere portgroup to its NetBox VLAN and shows the VLAN page', async () => {
      await step('vlan', async () => {
        const [vlan] = await waitForEntities(
          baseUrl,
          'kind=resource,spec.type=netbox-vlan,spec.netbox.name=e2e-pg-3120',
          { timeoutMs: 30_000 },
        );
        const vlanRef = `resource:default/${vlan.metadata.name}`;
        // DC0_DVPG0 (dvportgroup-13) carries VLAN 3120 and depends on the NetBox VLAN
        const [portgroup] = await waitForEntities(
          baseUrl,
          'kind=resource,spec.type=vsphere-dv-portgroup,metadata.title=DC0_DVPG0',
          {
            timeoutMs: 45_000,
            fields: 'metadata.name,metadata.title,spec',
            until: items => (items[0]?.spec?.dependsOn ?? []).includes(vlanRef),
          },
        );
        expect(portgroup.spec.dependsOn).toContain(vlanRef);
        await page.goto(
          `${baseUrl}/catalog/default/resource/${vlan.metadata.name}`,
        );
        await page
          .getByText('e2e-pg-3120')
          .first()
          .waitFor({ timeout: 30_000 });
        await settledCardTitles(page, { timeoutMs: 30_000 });
        await shot('vlan-page.png');
      });
    }, 90_000);

    it('traces a MAC to its switch and access port', async () => {
      await step('mactrace', async () => {
        const fleet = stack.fleet as SwitchFleet;
        fleet.resetStats();
        await page.goto(`${baseUrl}/infra/mactrace`);
        await page
          .getByRole('textbox', { name: /MAC addresses/ })
          .fill(MAC, { timeout: 30_000 });
        await page.getByRole('button', { name: 'Trace', exact: true }).click();
        const best = page.getByRole('group', {
          name: `Likely port: ${ACCESS_SWITCH} ${ACCESS_PORT}, VLAN 3120`,
        });
        await best.waitFor({ timeout: 45_000 });
        await expect(best.textContent()).resolves.toContain(ACCESS_SWITCH);
        await shot('mactrace.png');
        // the backend really asked both emulated switches over SSH
        expect(
          fleet.byName(ACCESS_SWITCH).stats.commands.length,
        ).toBeGreaterThan(0);
        expect(fleet.byName('e2e-dist1').stats.commands.length).toBeGreaterThan(
          0,
        );
      });
    }, 90_000);

    it('creates a segment with a preview, shows it in the table and in NetBox', async () => {
      await step('segments', async () => {
        const nb = stack.netbox!;
        await page.goto(`${baseUrl}/infra/segments`);
        await page
          .getByRole('button', { name: 'Create segment' })
          .click({ timeout: 30_000 });
        const dialog = page.getByRole('dialog');
        const field = (label: string) =>
          dialog.getByRole('textbox', { name: new RegExp(`^${label}`) });
        await field('VLAN id').fill(SEGMENT.vlanId);
        await field('EPG name').fill(SEGMENT.epgName);
        await field('Site group').fill(SITE_GROUP);
        await field('Prefix').fill(SEGMENT.prefix);
        await field('VRF').fill(SEGMENT.vrf);
        await dialog.getByRole('button', { name: 'Preview' }).click();
        await dialog
          .getByRole('region', { name: 'Preview' })
          .waitFor({ timeout: 30_000 });
        await shot('segment-preview.png');
        // a dry run writes nothing
        expect(
          nb.state.rows('ipam/vlans').filter(v => v.name === SEGMENT.epgName),
        ).toEqual([]);
        await dialog.getByRole('button', { name: 'Apply' }).click();
        await dialog.waitFor({ state: 'detached', timeout: 30_000 });

        const row = page
          .getByRole('table', { name: 'Segments' })
          .getByRole('row')
          .filter({ hasText: SEGMENT.epgName });
        await row.waitFor({ timeout: 30_000 });
        const cells = await row.getByRole('cell').allTextContents();
        expect(cells).toEqual(
          expect.arrayContaining([
            SEGMENT.vlanId,
            SEGMENT.epgName,
            SITE_GROUP,
            SEGMENT.prefix,
            SEGMENT.vrf,
          ]),
        );
        await shot('segments.png');

        // the emulator holds the VLAN and the prefix pointing to it
        const vlans = nb.state
          .rows('ipam/vlans')
          .filter(v => v.name === SEGMENT.epgName);
        expect(vlans).toHaveLength(1);
        expect(vlans[0].vid).toBe(Number(SEGMENT.vlanId));
        const prefixes = nb.state
          .rows('ipam/prefixes')
          .filter(p => p.prefix === SEGMENT.prefix);
        expect(prefixes).toHaveLength(1);
        expect(prefixes[0].vlan).toBe(vlans[0].id);
      });
    }, 90_000);
  },
);
