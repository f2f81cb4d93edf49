import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import {
  failingCatalog,
  fixtureCatalog,
  pendingCatalog,
  renderCard,
} from '../__testUtils__/render';
import { HostVmsCard } from './HostVmsCard';

const rowNames = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).queryAllByRole('link')[0]?.textContent);

describe('HostVmsCard', () => {
  it("lists the host's VMs from its relations in one call, sortable and searchable", async () => {
    const catalog = fixtureCatalog();
    const byRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    await renderCard(<HostVmsCard />, fixture('lab-host-10'), catalog);

    expect(await screen.findByText('2 VMs, 1 powered on')).toBeInTheDocument();
    const web = screen.getByText('web-01 & <api>').closest('tr')!;
    expect(within(web).getByText('Powered on')).toBeInTheDocument();
    expect(within(web).getByText('Ubuntu Linux (64-bit)')).toBeInTheDocument();
    expect(within(web).getByText('10.0.0.5')).toBeInTheDocument();
    expect(within(web).getByText('8 GiB')).toBeInTheDocument();
    expect(within(web).getByText('OK')).toBeInTheDocument();
    const db = screen.getByText('db-01').closest('tr')!;
    expect(within(db).getByText('Powered off')).toBeInTheDocument();
    expect(within(db).getByText('64 GiB')).toBeInTheDocument();
    expect(byRefs).toHaveBeenCalledTimes(1);
    expect(byRefs.mock.calls[0][0].entityRefs).toEqual([
      'resource:default/lab-vm-100',
      'resource:default/lab-vm-103',
    ]);

    // by name first; memory sorts by bytes, both ways
    expect(rowNames()).toEqual(['db-01', 'web-01 & <api>']);
    fireEvent.click(screen.getByText('Memory'));
    expect(rowNames()).toEqual(['web-01 & <api>', 'db-01']);
    fireEvent.click(screen.getByText('Memory'));
    expect(rowNames()).toEqual(['db-01', 'web-01 & <api>']);

    fireEvent.change(screen.getByPlaceholderText('Filter'), {
      target: { value: 'web' },
    });
    await waitFor(() => expect(rowNames()).toEqual(['web-01 & <api>']));
  }, 30_000);

  it('says so when no VM runs on the host', async () => {
    await renderCard(<HostVmsCard />, fixture('lab-host-11'));
    expect(
      await screen.findByText('No VMs run on this host.'),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading and the message on failure', async () => {
    const { unmount } = await renderCard(
      <HostVmsCard />,
      fixture('lab-host-10'),
      pendingCatalog(),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await renderCard(
      <HostVmsCard />,
      fixture('lab-host-10'),
      failingCatalog('403 not allowed'),
    );
    expect(
      await screen.findByText('Error: Could not load the VMs'),
    ).toBeInTheDocument();
    expect(screen.getByText('403 not allowed')).toBeInTheDocument();
  });
});
