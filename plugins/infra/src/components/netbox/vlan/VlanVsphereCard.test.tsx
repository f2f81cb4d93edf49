import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
  spyCalls,
} from '../__testUtils__/render';
import { VlanVsphereCard } from './VlanVsphereCard';

const names = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('VlanVsphereCard', () => {
  it('lists the port groups of every vCenter and the VMs on them, in one catalog call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<VlanVsphereCard />, fixture('prod-vlan-12'), catalog);

    const portgroups = await screen.findByRole('table', {
      name: 'Port groups on this VLAN',
    });
    expect(names(portgroups)).toEqual(['app-dc2', 'VLAN 120 – app']);
    const lab = within(portgroups).getByText('VLAN 120 – app').closest('tr')!;
    expect(lab).toHaveTextContent('lab');
    expect(lab).toHaveTextContent('Distributed port group');
    // web-01 and db-01
    expect(within(lab).getAllByRole('cell')[3]).toHaveTextContent('2');

    const vms = screen.getByRole('table', { name: 'VMs on this VLAN' });
    expect(names(vms)).toEqual(['db-01', 'web-01', 'web-dc2']);
    const web = within(vms).getByText('web-01').closest('tr')!;
    expect(web).toHaveTextContent('Powered on');
    expect(web).toHaveTextContent('10.1.20.5');
    expect(
      within(web).getByRole('link', { name: 'VLAN 120 – app' }),
    ).toHaveAttribute('href', '/catalog/default/resource/lab-dvportgroup-21');
    expect(screen.getByText('2 port groups, 3 VMs')).toBeInTheDocument();

    expect(calls.total()).toBe(1);
    expect(calls.getEntities).toHaveBeenCalledTimes(1);
  });

  it('says so when no port group is linked to the VLAN', async () => {
    await renderCard(<VlanVsphereCard />, fixture('prod-vlan-41'));
    expect(
      await screen.findByText('No vSphere port group is linked to this VLAN.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No VMs on these port groups.'),
    ).toBeInTheDocument();
  });

  it('shows a progress bar while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <VlanVsphereCard />,
      fixture('prod-vlan-12'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(
      <VlanVsphereCard />,
      fixture('prod-vlan-12'),
      failingCatalog('catalog down'),
    );
    expect(
      await screen.findByText('Error: Could not load port groups and VMs'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog down')).toBeInTheDocument();
  });
});
