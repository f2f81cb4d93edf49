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
import { PrefixOverviewCard } from './PrefixOverviewCard';

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('PrefixOverviewCard', () => {
  it('shows the prefix, its VLAN and VRF by name (one call), utilisation and DHCP', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(
      <PrefixOverviewCard />,
      fixture('prod-prefix-100'),
      catalog,
    );

    expect(field('Prefix')).toHaveTextContent('10.1.20.0/24');
    expect(field('Status')).toHaveTextContent('Active');
    expect(field('Scope')).toHaveTextContent('Site group');
    // names from the entity, linked by the refs on its relations: no lookup for them
    expect(
      within(field('Site group')).getByRole('link', { name: 'Zurich' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-sitegroup-1');
    expect(
      within(field('Tenant')).getByRole('link', { name: 'Infra' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-tenant-4');
    expect(field('Role')).toHaveTextContent('Production');
    expect(field('DHCP')).toHaveTextContent('Enabled');
    expect(
      await within(field('VLAN')).findByRole('link', { name: 'app (120)' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-vlan-12');
    expect(
      within(field('VRF')).getByRole('link', { name: 'PROD' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-vrf-3');
    expect(
      screen.getByRole('progressbar', { name: 'Utilisation' }),
    ).toHaveAttribute('aria-valuenow', '45');
    expect(
      screen.getByRole('link', { name: /^Open this prefix in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/ipam/prefixes/100/`);

    expect(calls.total()).toBe(1);
    expect(calls.getEntitiesByRefs.mock.calls[0][0].entityRefs).toEqual([
      'resource:default/prod-vlan-12',
      'resource:default/prod-vrf-3',
    ]);
  });

  it('says DHCP disabled when the flag is false, and links the site', async () => {
    await renderCard(<PrefixOverviewCard />, fixture('prod-prefix-103'));
    expect(field('DHCP')).toHaveTextContent('Disabled');
    expect(
      within(field('Site')).getByRole('link', { name: 'Zurich DC1' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-site-7');
    // no site group relation: the name alone
    expect(field('Site group')).toHaveTextContent('Zurich');
    expect(within(field('Site group')).queryByRole('link')).toBeNull();
  });

  it('says Global without a VRF and leaves out what NetBox did not give', async () => {
    await renderCard(<PrefixOverviewCard />, fixture('prod-prefix-101'));
    expect(
      await within(field('VLAN')).findByRole('link', { name: 'app (120)' }),
    ).toBeInTheDocument();
    expect(field('VRF')).toHaveTextContent('Global');
    expect(field('Status')).toHaveTextContent('Container');
    expect(screen.queryByText('DHCP')).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('shows a progress bar while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <PrefixOverviewCard />,
      fixture('prod-prefix-100'),
      pendingCatalog(),
    );
    expect(within(field('VLAN')).getByTestId('progress')).toBeInTheDocument();
    expect(field('Prefix')).toHaveTextContent('10.1.20.0/24');
    unmount();
    await renderCard(
      <PrefixOverviewCard />,
      fixture('prod-prefix-100'),
      failingCatalog('catalog down'),
    );
    expect(
      await screen.findByText('Error: Could not load the VLAN and VRF'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog down')).toBeInTheDocument();
  });
});
