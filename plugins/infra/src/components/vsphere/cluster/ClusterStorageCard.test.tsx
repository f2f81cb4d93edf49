import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { ClusterStorageCard } from './ClusterStorageCard';

const cluster = fixture('lab-domain-c7');

describe('ClusterStorageCard', () => {
  it("sums the datastores the cluster's hosts mount, in one call", async () => {
    const catalog = fixtureCatalog();
    const getEntities = jest.spyOn(catalog, 'getEntities');
    await renderCard(<ClusterStorageCard />, cluster, catalog);

    const table = await screen.findByRole('table', { name: 'Datastores' });
    expect(within(table).getByText('vsan-01')).toBeInTheDocument();
    expect(within(table).getByText('LocalDS_1')).toBeInTheDocument();
    // vsan-01: 1e13 capacity, 4e12 free, 8e12 uncommitted; LocalDS_1 reports no capacity
    expect(field('Capacity')).toHaveTextContent('9.1 TiB');
    expect(field('Free')).toHaveTextContent('3.6 TiB');
    expect(field('Provisioned')).toHaveTextContent('12.7 TiB');
    expect(field('Datastores')).toHaveTextContent('2');
    expect(
      screen.getByRole('progressbar', { name: 'Used space of all datastores' }),
    ).toHaveAttribute('aria-valuenow', '60');
    const provisioned = screen.getByRole('progressbar', {
      name: 'Provisioned space of all datastores',
    });
    expect(provisioned).toHaveAttribute('aria-valuenow', '100');
    expect(provisioned).toHaveAttribute(
      'aria-valuetext',
      '140%: 12.7 TiB of 9.1 TiB',
    );
    expect(
      screen.getByText(/1 of 2 datastores report no capacity/),
    ).toBeInTheDocument();
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('shows a skeleton while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <ClusterStorageCard />,
      cluster,
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(<ClusterStorageCard />, cluster, failingCatalog('nope'));
    expect(
      await screen.findByText('Error: Could not load the datastores'),
    ).toBeInTheDocument();
    expect(screen.getByText('nope')).toBeInTheDocument();
  });
});
