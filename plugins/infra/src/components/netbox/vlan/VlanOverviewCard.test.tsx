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
import { VlanOverviewCard } from './VlanOverviewCard';

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('VlanOverviewCard', () => {
  it('shows the VLAN from the entity and its prefixes in one catalog call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<VlanOverviewCard />, fixture('prod-vlan-12'), catalog);

    expect(screen.getByText('NetBox VLAN')).toBeInTheDocument();
    expect(screen.getByText('NetBox prod')).toBeInTheDocument();
    expect(field('VLAN ID')).toHaveTextContent('120');
    expect(field('Name')).toHaveTextContent('app');
    expect(field('Status')).toHaveTextContent('Active');
    expect(field('Site group')).toHaveTextContent('Zurich');
    expect(field('Site')).toHaveTextContent('—');
    expect(
      within(field('Tenant')).getByRole('link', { name: 'Infra' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-tenant-4');
    expect(field('Role')).toHaveTextContent('Production');
    expect(
      within(field('VLAN group')).getByRole('link', { name: 'DC1 VLANs' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-vlangroup-5');
    expect(
      screen.getByRole('link', { name: /^Open this VLAN in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/ipam/vlans/12/`);

    const table = await screen.findByRole('table', {
      name: 'Prefixes of this VLAN',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    // address order, not string order
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['10.1.3.0/24', '10.1.20.0/24']);
    expect(rows[1]).toHaveTextContent('Active');
    expect(rows[1]).toHaveTextContent('Zurich');
    expect(rows[1]).toHaveTextContent('45%');
    expect(rows[1]).toHaveTextContent('Yes');
    expect(rows[0]).toHaveTextContent('Container');
    expect(calls.total()).toBe(1);
    expect(calls.queryEntities.mock.calls[0][0]).toMatchObject({
      filter: {
        'spec.type': 'netbox-prefix',
        'relations.dependsOn': 'resource:default/prod-vlan-12',
      },
    });
  });

  it('leaves out utilisation and DHCP columns when no prefix has them', async () => {
    await renderCard(<VlanOverviewCard />, fixture('prod-vlan-13'));
    const table = await screen.findByRole('table', {
      name: 'Prefixes of this VLAN',
    });
    expect(within(table).getByText('10.1.130.0/24')).toBeInTheDocument();
    expect(within(table).queryByText('Utilisation')).not.toBeInTheDocument();
    expect(within(table).queryByText('DHCP')).not.toBeInTheDocument();
    expect(field('Status')).toHaveTextContent('Reserved');
  });

  it('says so when the VLAN has no prefixes', async () => {
    await renderCard(<VlanOverviewCard />, fixture('prod-vlan-41'));
    expect(
      await screen.findByText('No prefixes in the catalog.'),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <VlanOverviewCard />,
      fixture('prod-vlan-12'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(field('VLAN ID')).toHaveTextContent('120');
    unmount();
    await renderCard(
      <VlanOverviewCard />,
      fixture('prod-vlan-12'),
      failingCatalog('catalog down'),
    );
    expect(
      await screen.findByText('Error: Could not load the prefixes'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog down')).toBeInTheDocument();
  });
});
