import { screen } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { HostOverviewCard } from './HostOverviewCard';

describe('HostOverviewCard', () => {
  it('shows hardware, ESXi, capacity, states, its cluster and datastores (one call)', async () => {
    const catalog = fixtureCatalog();
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    await renderCard(<HostOverviewCard />, fixture('lab-host-10'), catalog);

    expect(field('Vendor')).toHaveTextContent('Dell Inc.');
    expect(field('Model')).toHaveTextContent('PowerEdge R650');
    expect(field('Serial / service tag')).toHaveTextContent('ABC1234');
    expect(field('ESXi version')).toHaveTextContent('8.0.3 (build 24022510)');
    expect(field('CPU')).toHaveTextContent('32 cores × 2.6 GHz = 83.2 GHz');
    expect(field('Memory')).toHaveTextContent('128 GiB');
    expect(field('Connection')).toHaveTextContent('Connected');
    expect(field('Maintenance mode')).toHaveTextContent('No');
    expect(field('Power')).toHaveTextContent('Powered on');

    expect(
      await screen.findByRole('link', { name: 'Prod "Gold" ✓' }),
    ).toHaveAttribute('href', '/catalog/default/resource/lab-domain-c7');
    expect(field('Datastores (2)')).toHaveTextContent(
      'LocalDS_1, vsan-01 (3.6 TiB free of 9.1 TiB)',
    );
    expect(byRefs).toHaveBeenCalledTimes(1);
  });

  it('shows a standalone host in its datacenter, in maintenance or disconnected', async () => {
    const { unmount } = await renderCard(
      <HostOverviewCard />,
      fixture('lab-host-31'),
    );
    expect(field('Connection')).toHaveTextContent('Disconnected');
    expect(field('Worst alarm at last sync')).toHaveTextContent('Alert (red)');
    expect(await screen.findByText(/Standalone host in/)).toHaveTextContent(
      'Standalone host in DC & Lab <1>',
    );
    unmount();

    await renderCard(<HostOverviewCard />, fixture('lab-host-11'));
    expect(screen.getByText('In maintenance')).toBeInTheDocument();
  });

  it('shows a skeleton while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <HostOverviewCard />,
      fixture('lab-host-10'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(
      <HostOverviewCard />,
      fixture('lab-host-10'),
      failingCatalog('catalog timed out'),
    );
    expect(
      await screen.findByText(
        'Error: Could not load the cluster and datastores',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog timed out')).toBeInTheDocument();
  });
});
