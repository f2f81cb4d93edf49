import { screen, within } from '@testing-library/react';
import { fixture, NETBOX_URL } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  renderCard,
  spyCalls,
} from '../__testUtils__/render';
import { VlanGroupOverviewCard } from './VlanGroupOverviewCard';

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('VlanGroupOverviewCard', () => {
  it('shows the group and its VLANs by id, in one catalog call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(
      <VlanGroupOverviewCard />,
      fixture('prod-vlangroup-5'),
      catalog,
    );
    expect(field('Name')).toHaveTextContent('DC1 VLANs');
    expect(field('Slug')).toHaveTextContent('dc1-vlans');
    expect(field('Scope')).toHaveTextContent('Site group');
    expect(field('Site group')).toHaveTextContent('Zurich');
    expect(field('Tenant')).toHaveTextContent('Infra');
    expect(
      screen.getByRole('link', { name: /^Open this VLAN group in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/ipam/vlan-groups/5/`);

    const table = await screen.findByRole('table', {
      name: 'VLANs in this group',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['120', '130', '140']);
    expect(rows[1]).toHaveTextContent('Reserved');
    expect(calls.total()).toBe(1);
  });

  it('says so when the group has no VLANs, and shows a failure', async () => {
    const { unmount } = await renderCard(
      <VlanGroupOverviewCard />,
      fixture('prod-vlan-12'),
    );
    expect(
      await screen.findByText('No VLANs of this group in the catalog.'),
    ).toBeInTheDocument();
    unmount();
    await renderCard(
      <VlanGroupOverviewCard />,
      fixture('prod-vlangroup-5'),
      failingCatalog('catalog down'),
    );
    expect(
      await screen.findByText('Error: Could not load the VLANs'),
    ).toBeInTheDocument();
  });
});
