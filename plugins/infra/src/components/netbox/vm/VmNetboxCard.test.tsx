import { screen, within } from '@testing-library/react';
import { fixture, NETBOX_URL } from '../__testUtils__/entities';
import {
  failingCatalog,
  field,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
  spyCalls,
} from '../__testUtils__/render';
import { VmNetboxCard } from './VmNetboxCard';

const row = (table: HTMLElement, network: string) =>
  within(table).getByText(network).closest('tr')!;

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('VmNetboxCard', () => {
  it('shows each network with its NetBox VLAN and prefixes, in two catalog calls', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<VmNetboxCard />, fixture('lab-vm-100'), catalog);

    expect(
      within(field('NetBox VM')).getByRole('link', {
        name: /^Open the NetBox VM/,
      }),
    ).toHaveAttribute(
      'href',
      `${NETBOX_URL}/virtualization/virtual-machines/9/`,
    );

    const table = await screen.findByRole('table', {
      name: "NetBox VLANs of the VM's networks",
    });
    const linked = row(table, 'VLAN 120 – app');
    expect(
      within(linked).getByRole('link', { name: 'app (120)' }),
    ).toHaveAttribute('href', '/catalog/default/resource/prod-vlan-12');
    expect(
      within(linked)
        .getAllByRole('link')
        .map(l => l.textContent),
    ).toEqual(['VLAN 120 – app', 'app (120)', '10.1.3.0/24', '10.1.20.0/24']);

    const ambiguous = row(table, 'VLAN 140');
    expect(ambiguous).toHaveTextContent('Ambiguous: VLAN 140 is in 2 groups');
    // both candidates named, neither chosen
    expect(
      within(ambiguous).getAllByRole('link', { name: 'backup (140)' }),
    ).toHaveLength(2);

    expect(row(table, 'VM Network')).toHaveTextContent('Not linked');
    expect(within(table).queryByText('esx-10.lab')).not.toBeInTheDocument();

    expect(calls.total()).toBe(2);
    expect(calls.getEntities).toHaveBeenCalledTimes(2);
  });

  it('shows an unmatched VLAN and an ambiguous NetBox VM', async () => {
    await renderCard(<VmNetboxCard />, fixture('lab-vm-101'));
    const table = await screen.findByRole('table', {
      name: "NetBox VLANs of the VM's networks",
    });
    expect(row(table, 'VLAN 999')).toHaveTextContent(
      'VLAN 999 is not in NetBox',
    );
    const vm = field('NetBox VM');
    expect(vm).toHaveTextContent('Ambiguous: 2 NetBox VMs match, none linked');
    expect(within(vm).getAllByRole('link')).toHaveLength(2);
  });

  it('shows a trunk as not linkable and no NetBox VM field for a template', async () => {
    await renderCard(<VmNetboxCard />, fixture('lab-vm-102'));
    const table = await screen.findByRole('table', {
      name: "NetBox VLANs of the VM's networks",
    });
    expect(row(table, 'trunk')).toHaveTextContent(
      'Not a single VLAN (not linked)',
    );
    expect(screen.queryByText('NetBox VM')).not.toBeInTheDocument();
  });

  it('makes no call for a VM without networks and says it is unmatched', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<VmNetboxCard />, fixture('lab-vm-104'), catalog);
    expect(
      await screen.findByText('No networks of this VM in the catalog.'),
    ).toBeInTheDocument();
    expect(field('NetBox VM')).toHaveTextContent('No NetBox VM matched');
    expect(calls.total()).toBe(0);
  });

  it('says the NetBox VM was not looked up when VM linking is off (no match label)', async () => {
    await renderCard(<VmNetboxCard />, fixture('dc2-vm-5'));
    expect(field('NetBox VM')).toHaveTextContent(
      'Not looked up (VM linking off)',
    );
  });

  it('shows a progress bar while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <VmNetboxCard />,
      fixture('lab-vm-100'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(
      <VmNetboxCard />,
      fixture('lab-vm-100'),
      failingCatalog('catalog down'),
    );
    expect(
      await screen.findByText(
        'Error: Could not load NetBox VLANs and prefixes',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog down')).toBeInTheDocument();
  });
});
