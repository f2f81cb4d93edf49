import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { ClusterHostsCard } from './ClusterHostsCard';

const cluster = fixture('lab-domain-c7');

describe('ClusterHostsCard', () => {
  it("lists the cluster's hosts with connection and maintenance state, in one call", async () => {
    const catalog = fixtureCatalog();
    const getEntities = jest.spyOn(catalog, 'getEntities');
    await renderCard(<ClusterHostsCard />, cluster, catalog);

    const esx10 = (await screen.findByText('esx-10.lab')).closest('tr')!;
    expect(within(esx10).getByText('Connected')).toBeInTheDocument();
    expect(
      within(esx10).getByText('Dell Inc. PowerEdge R650'),
    ).toBeInTheDocument();
    expect(within(esx10).getByText('8.0.3')).toBeInTheDocument();
    expect(within(esx10).getByText('build 24022510')).toBeInTheDocument();
    expect(within(esx10).getByText('83.2 GHz')).toBeInTheDocument();
    expect(within(esx10).getByText('128 GiB')).toBeInTheDocument();
    const esx11 = screen.getByText('esx-11.lab').closest('tr')!;
    expect(within(esx11).getByText('Yes')).toBeInTheDocument();
    // the standalone host is not in the cluster
    expect(screen.queryByText('esx-31.lab')).not.toBeInTheDocument();
    expect(
      screen.getByText('2 hosts, 1 in maintenance, 0 not connected'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'esx-10.lab' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/lab-host-10',
    );

    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(getEntities.mock.calls[0][0]).toMatchObject({
      filter: {
        'spec.type': 'vsphere-host',
        'metadata.labels.vsphere.infra-inventory.io/cluster': 'lab-domain-c7',
      },
      fields: expect.arrayContaining(['metadata.title', 'spec.vsphere']),
    });
  });

  it('shows a skeleton while loading', async () => {
    await renderCard(<ClusterHostsCard />, cluster, pendingCatalog());
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it("shows the catalog's message when loading fails", async () => {
    await renderCard(<ClusterHostsCard />, cluster, failingCatalog('boom'));
    expect(
      await screen.findByText('Error: Could not load the hosts'),
    ).toBeInTheDocument();
    expect(screen.getByText('boom')).toBeInTheDocument();
  });

  it('says so when the cluster has no hosts', async () => {
    const empty = {
      ...cluster,
      metadata: { ...cluster.metadata, name: 'lab-domain-c99' },
    };
    await renderCard(<ClusterHostsCard />, empty);
    expect(
      await screen.findByText('The catalog has no hosts in this cluster.'),
    ).toBeInTheDocument();
  });
});
