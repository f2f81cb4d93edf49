import { screen, within } from '@testing-library/react';
import { fixture, NETBOX_URL } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
  spyCalls,
} from '../__testUtils__/render';
import { SiteGroupOverviewCard } from './SiteGroupOverviewCard';
import { SiteOverviewCard } from './SiteOverviewCard';
import { TenantOverviewCard } from './TenantOverviewCard';

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

/** The first cell of every body row of the table with this accessible name. */
async function column(name: string): Promise<string[]> {
  const table = await screen.findByRole('table', { name });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent ?? '');
}

describe('SiteGroupOverviewCard', () => {
  it('shows the group, its sites, the VLANs of its sites and VLAN groups, and its prefixes in one call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(
      <SiteGroupOverviewCard />,
      fixture('prod-sitegroup-1'),
      catalog,
    );
    expect(field('Name')).toHaveTextContent('Zurich');
    expect(field('Slug')).toHaveTextContent('zurich');
    expect(
      within(field('Parent group')).getByRole('link', { name: 'Europe' }),
    ).toBeInTheDocument();
    expect(field('Description')).toHaveTextContent('Both Zurich DCs');
    expect(
      screen.getByRole('link', { name: /^Open this site group in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/dcim/site-groups/1/`);

    expect(await column('Sites of this site group')).toEqual(['Zurich DC1']);
    // group 5's VLANs through the group, VLAN 150 through the site
    expect(await column('VLANs of this site group')).toEqual([
      '120',
      '130',
      '140',
      '150',
    ]);
    expect(await column('Prefixes of this site group')).toEqual([
      '10.1.20.0/24',
    ]);
    expect(calls.total()).toBe(1);
  });

  it('says so when a group holds nothing, and shows a failure', async () => {
    const { unmount } = await renderCard(
      <SiteGroupOverviewCard />,
      fixture('prod-sitegroup-2'),
    );
    expect(
      await screen.findByText('No VLANs in the catalog.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No prefixes in the catalog.')).toBeInTheDocument();
    // the child group depends on it, but is no site
    expect(screen.getByText('No sites in the catalog.')).toBeInTheDocument();
    unmount();
    await renderCard(
      <SiteGroupOverviewCard />,
      fixture('prod-sitegroup-1'),
      failingCatalog('catalog down'),
    );
    expect(
      await screen.findByText('Error: Could not load the contents'),
    ).toBeInTheDocument();
  });
});

describe('SiteOverviewCard', () => {
  it('shows the site with its group, VLANs and prefixes in one call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<SiteOverviewCard />, fixture('prod-site-7'), catalog);
    expect(field('Name')).toHaveTextContent('Zurich DC1');
    expect(field('Status')).toHaveTextContent('Active');
    expect(
      within(field('Site group')).getByRole('link', { name: 'Zurich' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^Open this site in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/dcim/sites/7/`);
    expect(await column('VLANs of this site')).toEqual(['150']);
    expect(await column('Prefixes of this site')).toEqual(['10.7.0.0/24']);
    expect(calls.total()).toBe(1);
  });

  it('shows a progress bar while loading, the fields already there', async () => {
    await renderCard(
      <SiteOverviewCard />,
      fixture('prod-site-7'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(field('Slug')).toHaveTextContent('zrh1');
  });
});

describe('TenantOverviewCard', () => {
  it('shows the tenant’s VLAN groups, VRFs, VLANs and prefixes in one call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<TenantOverviewCard />, fixture('prod-tenant-4'), catalog);
    expect(field('Name')).toHaveTextContent('Infra');
    expect(
      screen.getByRole('link', { name: /^Open this tenant in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/tenancy/tenants/4/`);
    expect(await column('VLANs of this tenant')).toEqual(['120']);
    expect(await column('Prefixes of this tenant')).toEqual(['10.1.20.0/24']);
    expect(
      within(field('VLAN groups')).getByRole('link', { name: 'DC1 VLANs' }),
    ).toBeInTheDocument();
    expect(
      within(field('VRFs')).getByRole('link', { name: 'PROD' }),
    ).toBeInTheDocument();
    expect(calls.total()).toBe(1);
  });
});
