import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { DatastoreUsageCard } from './DatastoreUsageCard';

describe('DatastoreUsageCard', () => {
  it('splits the hosts mounting it from the VMs on it, from one call', async () => {
    const catalog = fixtureCatalog();
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    await renderCard(
      <DatastoreUsageCard />,
      fixture('lab-datastore-15'),
      catalog,
    );

    const hosts = await screen.findByRole('list', {
      name: 'Hosts mounting the datastore',
    });
    expect(within(hosts).getByText('esx-10.lab')).toBeInTheDocument();
    expect(within(hosts).getByText('Connected')).toBeInTheDocument();
    expect(within(hosts).getByText('esx-11.lab')).toBeInTheDocument();
    expect(within(hosts).getByText('In maintenance')).toBeInTheDocument();
    expect(screen.getByText('Hosts mounting it (2)')).toBeInTheDocument();

    expect(screen.getByText('VMs on it (3)')).toBeInTheDocument();
    expect(
      screen.getByText('2 VMs, 1 powered on, 1 template'),
    ).toBeInTheDocument();
    const template = screen.getByText('ubuntu-24.04-template').closest('tr')!;
    expect(
      within(template).getByText('Template', { selector: 'span' }),
    ).toBeInTheDocument();
    expect(byRefs).toHaveBeenCalledTimes(1);
  }, 20_000);

  it('shows a skeleton while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <DatastoreUsageCard />,
      fixture('lab-datastore-15'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(
      <DatastoreUsageCard />,
      fixture('lab-datastore-15'),
      failingCatalog('catalog unavailable'),
    );
    expect(
      await screen.findByText('Error: Could not load the hosts and VMs'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog unavailable')).toBeInTheDocument();
  });
});
