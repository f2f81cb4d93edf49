import { screen, within } from '@testing-library/react';
import { fixture, NETBOX_URL } from '../__testUtils__/entities';
import {
  field,
  fixtureCatalog,
  renderCard,
  spyCalls,
} from '../__testUtils__/render';
import { HostDeviceCard } from './HostDeviceCard';

// the first render of a file loads the whole test app: slow on a busy machine
jest.setTimeout(30_000);

describe('HostDeviceCard', () => {
  it('links the matched device and shows site, rack and position without a catalog call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<HostDeviceCard />, fixture('lab-host-10'), catalog);
    expect(
      within(field('Device')).getByRole('link', {
        name: /^Open device esx-10 in NetBox/,
      }),
    ).toHaveAttribute('href', `${NETBOX_URL}/dcim/devices/77/`);
    expect(field('Match')).toHaveTextContent('Linked by serial ABC1234');
    expect(field('Site')).toHaveTextContent('Zurich DC1');
    expect(field('Rack')).toHaveTextContent('R12');
    expect(field('Position')).toHaveTextContent('U20');
    expect(calls.total()).toBe(0);
  });

  it('lists the candidates of an ambiguous serial and links none as the device', async () => {
    await renderCard(<HostDeviceCard />, fixture('lab-host-11'));
    expect(field('Match')).toHaveTextContent(
      'Ambiguous: serial DUP0001 is on 2 NetBox devices, none linked',
    );
    expect(
      within(field('Candidate devices'))
        .getAllByRole('link')
        .map(l => l.getAttribute('href')),
    ).toEqual([
      `${NETBOX_URL}/dcim/devices/78/`,
      `${NETBOX_URL}/dcim/devices/79/`,
    ]);
    expect(screen.queryByText('Device')).not.toBeInTheDocument();
  });

  it('says a serial is unmatched', async () => {
    await renderCard(<HostDeviceCard />, fixture('lab-host-12'));
    expect(field('Match')).toHaveTextContent(
      'Unmatched: no NetBox device has serial NEW9999',
    );
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('says a host without a serial cannot be matched, without a catalog call', async () => {
    const catalog = fixtureCatalog();
    const calls = spyCalls(catalog);
    await renderCard(<HostDeviceCard />, fixture('lab-host-14'), catalog);
    expect(field('Match')).toHaveTextContent(
      'No serial: vSphere reports no serial number for this host',
    );
    expect(screen.queryByText(/Unmatched/)).not.toBeInTheDocument();
    expect(calls.total()).toBe(0);
  });
});
