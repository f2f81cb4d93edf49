import { screen, within } from '@testing-library/react';
import { fixture, NETBOX_URL } from '../__testUtils__/entities';
import {
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
  spyCalls,
} from '../__testUtils__/render';
import { VrfOverviewCard } from './VrfOverviewCard';

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('VrfOverviewCard', () => {
  it('shows the VRF and its prefixes in one catalog call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<VrfOverviewCard />, fixture('prod-vrf-3'), catalog);
    expect(field('Name')).toHaveTextContent('PROD');
    expect(field('Route distinguisher')).toHaveTextContent('65000:1');
    expect(field('Tenant')).toHaveTextContent('Infra');
    expect(
      screen.getByRole('link', { name: /^Open this VRF in NetBox/ }),
    ).toHaveAttribute('href', `${NETBOX_URL}/ipam/vrfs/3/`);
    const table = await screen.findByRole('table', {
      name: 'Prefixes in this VRF',
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['10.1.20.0/24', '10.1.130.0/24']);
    expect(calls.total()).toBe(1);
  });

  it('shows a progress bar while loading', async () => {
    await renderCard(
      <VrfOverviewCard />,
      fixture('prod-vrf-3'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(field('Name')).toHaveTextContent('PROD');
  });
});
