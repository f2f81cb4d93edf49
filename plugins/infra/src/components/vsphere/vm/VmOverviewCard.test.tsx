import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { VmOverviewCard } from './VmOverviewCard';

describe('VmOverviewCard', () => {
  it('shows power, guest, IP, tools, size and placement with VLANs (one call)', async () => {
    const catalog = fixtureCatalog();
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    await renderCard(<VmOverviewCard />, fixture('lab-vm-100'), catalog);

    expect(screen.getByText('Virtual machine')).toBeInTheDocument();
    expect(screen.queryByText('Template')).not.toBeInTheDocument();
    expect(field('Power')).toHaveTextContent('Powered on');
    expect(field('Guest OS')).toHaveTextContent('Ubuntu Linux (64-bit)');
    expect(field('IP address')).toHaveTextContent('10.0.0.5');
    expect(field('VMware Tools')).toHaveTextContent('Running, current');
    expect(field('vCPUs')).toHaveTextContent('4');
    expect(field('Memory')).toHaveTextContent('8 GiB');
    expect(field('Instance UUID')).toHaveTextContent('aaaa-bbbb');

    expect(
      await screen.findByRole('link', { name: 'esx-10.lab' }),
    ).toHaveAttribute('href', '/catalog/default/resource/lab-host-10');
    expect(field('Cluster')).toHaveTextContent('Prod "Gold" ✓');
    expect(field('Datastores (1)')).toHaveTextContent('vsan-01');
    const networks = screen.getByRole('table', { name: 'Networks' });
    const pg = within(networks).getByText('VLAN 120 – app').closest('tr')!;
    expect(within(pg).getByText('120')).toBeInTheDocument();
    expect(within(pg).getByText('Distributed port group')).toBeInTheDocument();
    expect(
      within(within(networks).getByText('VM Network').closest('tr')!).getByText(
        'Standard network',
      ),
    ).toBeInTheDocument();

    expect(byRefs).toHaveBeenCalledTimes(1);
    expect(byRefs.mock.calls[0][0].entityRefs).toEqual(
      expect.arrayContaining([
        'resource:default/lab-host-10',
        'resource:default/lab-domain-c7',
      ]),
    );
    // the first render of a file pays for loading the card's modules
  }, 20_000);

  it('badges a template, which has no power state or host, and shows trunk VLANs', async () => {
    await renderCard(<VmOverviewCard />, fixture('lab-vm-102'));
    expect(screen.getByText('VM template')).toBeInTheDocument();
    expect(screen.getByText('Template')).toBeInTheDocument();
    expect(screen.queryByText('Power')).not.toBeInTheDocument();
    expect(await screen.findByText('trunk:100-199,300')).toBeInTheDocument();
    expect(field('Host')).toHaveTextContent('Templates run nowhere');
  });

  it('shows no cluster for a VM on a standalone host', async () => {
    await renderCard(<VmOverviewCard />, fixture('lab-vm-101'));
    expect(
      await screen.findByRole('link', { name: 'esx-31.lab' }),
    ).toBeInTheDocument();
    expect(field('Cluster')).toHaveTextContent('—');
    expect(field('Power')).toHaveTextContent('Powered off');
  });

  it('shows a skeleton while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <VmOverviewCard />,
      fixture('lab-vm-100'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(field('IP address')).toHaveTextContent('10.0.0.5');
    unmount();
    await renderCard(
      <VmOverviewCard />,
      fixture('lab-vm-100'),
      failingCatalog('refs lookup failed'),
    );
    expect(
      await screen.findByText(
        'Error: Could not load host, storage and networks',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('refs lookup failed')).toBeInTheDocument();
  });
});
