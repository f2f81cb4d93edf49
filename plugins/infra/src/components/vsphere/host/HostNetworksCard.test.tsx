import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { HostNetworksCard } from './HostNetworksCard';

describe('HostNetworksCard', () => {
  it("lists the networks of the host's VMs with their VLAN, in one call", async () => {
    const catalog = fixtureCatalog();
    const getEntities = jest.spyOn(catalog, 'getEntities');
    await renderCard(<HostNetworksCard />, fixture('lab-host-10'), catalog);

    const table = await screen.findByRole('table', { name: 'Networks' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('link').textContent)).toEqual([
      'VLAN 120 – app',
      'VM Network',
    ]);
    expect(within(rows[0]).getByText('120')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('Distributed port group'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('Standard network')).toBeInTheDocument();
    // the trunk port group is only on the template, which runs on no host
    expect(within(table).queryByText('trunk')).not.toBeInTheDocument();
    expect(getEntities).toHaveBeenCalledTimes(1);
    const vmRefs = [
      'resource:default/lab-vm-100',
      'resource:default/lab-vm-103',
    ];
    expect(getEntities.mock.calls[0][0]?.filter).toEqual([
      {
        kind: 'resource',
        'spec.type': 'vsphere-network',
        'relations.dependencyof': vmRefs,
      },
      {
        kind: 'resource',
        'spec.type': 'vsphere-dv-portgroup',
        'relations.dependencyof': vmRefs,
      },
    ]);
  });

  it('lists the networks the sync put on the host, by ref, in one call', async () => {
    const catalog = fixtureCatalog();
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const host = fixture('lab-host-10');
    const withNetworks = {
      ...host,
      spec: {
        ...host.spec,
        vsphere: {
          ...(host.spec!.vsphere as object),
          // the trunk no VM of this host uses: only the host's own list can show it
          networks: [
            'resource:default/lab-dvportgroup-22',
            'resource:default/lab-network-12',
          ],
        },
      },
    };
    await renderCard(<HostNetworksCard />, withNetworks, catalog);

    const table = await screen.findByRole('table', { name: 'Networks' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => within(r).getByRole('link').textContent)).toEqual([
      'trunk',
      'VM Network',
    ]);
    expect(
      screen.getByText('Networks and port groups it connects to'),
    ).toBeInTheDocument();
    expect(byRefs).toHaveBeenCalledTimes(1);
    expect(getEntities).not.toHaveBeenCalled();
  });

  it('says so, without a call, when no VM runs on the host', async () => {
    const catalog = fixtureCatalog();
    const getEntities = jest.spyOn(catalog, 'getEntities');
    await renderCard(<HostNetworksCard />, fixture('lab-host-11'), catalog);
    expect(
      await screen.findByText('No VM on this host is connected to a network.'),
    ).toBeInTheDocument();
    expect(getEntities).not.toHaveBeenCalled();
  });

  it('shows a skeleton while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <HostNetworksCard />,
      fixture('lab-host-10'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(
      <HostNetworksCard />,
      fixture('lab-host-10'),
      failingCatalog('catalog unavailable'),
    );
    expect(
      await screen.findByText('Error: Could not load the networks'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog unavailable')).toBeInTheDocument();
  });
});
