import { screen } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { ClusterOverviewCard } from './ClusterOverviewCard';

const cluster = fixture('lab-domain-c7');

describe('ClusterOverviewCard', () => {
  it('shows status, HA/DRS, effective capacity as labelled bars and VMs by power state', async () => {
    const catalog = fixtureCatalog();
    const facets = jest.spyOn(catalog, 'getEntityFacets');
    await renderCard(<ClusterOverviewCard />, cluster, catalog);

    expect(field('Overall status')).toHaveTextContent('Normal (green)');
    expect(field('vSphere HA')).toHaveTextContent('Enabled');
    expect(field('DRS')).toHaveTextContent('Enabled, fully automated');
    expect(field('Hosts')).toHaveTextContent('2 (2 available to VMs)');
    expect(field('Total CPU')).toHaveTextContent('40 GHz');
    expect(field('Total memory')).toHaveTextContent('256 GiB');

    const cpu = screen.getByRole('progressbar', {
      name: 'CPU: effective of total',
    });
    expect(cpu).toHaveAttribute('aria-valuenow', '90');
    expect(cpu).toHaveAttribute('aria-valuetext', '90%: 36 GHz of 40 GHz');
    const memory = screen.getByRole('progressbar', {
      name: 'Memory: effective of total',
    });
    expect(memory).toHaveAttribute('aria-valuetext', '95%: 244 GiB of 256 GiB');

    // db-01 is off, web-01 on; tmp-scratch runs on a standalone host and the template is no VM
    await screen.findByText('Total');
    expect(field('Total')).toHaveTextContent('2');
    expect(field('Powered on')).toHaveTextContent('1');
    expect(field('Powered off')).toHaveTextContent('1');
    expect(facets).toHaveBeenCalledTimes(1);
  });

  it('shows a skeleton while the VMs are counted', async () => {
    await renderCard(<ClusterOverviewCard />, cluster, pendingCatalog());
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    // the figures of the entity itself do not wait for the catalog
    expect(screen.getByText('Normal (green)')).toBeInTheDocument();
  });

  it("shows the catalog's message when counting fails", async () => {
    await renderCard(
      <ClusterOverviewCard />,
      cluster,
      failingCatalog('catalog is down'),
    );
    expect(
      await screen.findByText('Error: Could not count the VMs'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog is down')).toBeInTheDocument();
  });
});
