import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  createPlan,
  fakeSegmentsApi,
  responseError,
  segments,
} from './__testUtils__/fixtures';
import { findSegmentsTable, renderSegmentsPage } from './__testUtils__/render';

// MUI dialogs are heavy for jsdom, and the CI machine is shared
jest.setTimeout(30_000);

function field(name: string): HTMLElement {
  return screen.getByLabelText(new RegExp(`^${name}`), {
    selector: 'input',
  });
}

function type(name: string, value: string) {
  fireEvent.change(field(name), { target: { value } });
}

function fillCreate(overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {
    'VLAN id': '140',
    'EPG name': 'app',
    'Site group': 'hq',
    Prefix: '10.40.0.0/24',
    VRF: 'prod',
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) type(name, value);
}

function button(name: string): HTMLElement {
  return screen.getByText(name, { selector: 'button > span' }).parentElement!;
}

/** The dialog leaves after its exit transition, which a busy machine makes slow. */
async function dialogClosed() {
  await waitFor(
    () => expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    { timeout: 5000 },
  );
}

async function openCreate() {
  fireEvent.click(button('Create segment'));
  return screen.findByRole('dialog', { name: 'Create segment' });
}

describe('SegmentsPage', () => {
  it('lists the segments with their VLAN, EPG, site group, prefix, VRF, DHCP, tenant and role', async () => {
    const api = fakeSegmentsApi();
    await renderSegmentsPage(api);
    const table = await findSegmentsTable();
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(
      within(rows[1])
        .getAllByRole('cell')
        .slice(0, 9)
        .map(c => c.textContent),
    ).toEqual([
      '120',
      'web',
      'hq',
      '10.20.30.0/24',
      'prod',
      'Yes',
      'initech',
      'servers',
      'front end',
    ]);
    expect(within(rows[2]).getByText('2001:db8:1::/64')).toBeInTheDocument();
    expect(api.listSegments).toHaveBeenCalledWith({ siteGroup: undefined });
  });

  it('filters by site group on the server, offering the groups of the full list', async () => {
    const api = fakeSegmentsApi();
    await renderSegmentsPage(api);
    await findSegmentsTable();
    const filter = screen.getByLabelText('Filter by site group');
    expect(
      within(filter)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All site groups', 'branch', 'hq']);
    api.listSegments.mockResolvedValueOnce({ segments: [segments[0]] });
    fireEvent.change(filter, { target: { value: 'hq' } });
    await waitFor(() =>
      expect(api.listSegments).toHaveBeenLastCalledWith({ siteGroup: 'hq' }),
    );
    await waitFor(() =>
      expect(screen.queryByText('2001:db8:1::/64')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('10.20.30.0/24')).toBeInTheDocument();
  });

  it("shows the backend's message when the list fails, and retries", async () => {
    const api = fakeSegmentsApi();
    api.listSegments.mockRejectedValueOnce(
      await responseError(503, {
        error: {
          name: 'ServiceUnavailableError',
          message: 'NetBox did not answer within 10 s',
        },
      }),
    );
    api.listSegments.mockResolvedValue({ segments: [] });
    await renderSegmentsPage(api);
    expect(
      await screen.findByText('NetBox did not answer within 10 s'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Could not load segments/)).toBeInTheDocument();
    fireEvent.click(button('Retry'));
    expect(await screen.findByText(/No segments yet/)).toBeInTheDocument();
  });

  describe('create', () => {
    it('names the bad field under it and sends nothing', async () => {
      const api = fakeSegmentsApi();
      await renderSegmentsPage(api);
      await openCreate();
      fillCreate({ 'VLAN id': '4095', Prefix: '10.40.0.1/24' });
      fireEvent.click(button('Preview'));
      expect(field('VLAN id')).toHaveAccessibleDescription(
        '4095 is outside the VLAN id range 1-4094',
      );
      expect(field('VLAN id')).toHaveAttribute('aria-invalid', 'true');
      expect(field('Prefix')).toHaveAccessibleDescription(
        "'10.40.0.1/24' has host bits set; the network is 10.40.0.0/24",
      );
      expect(field('EPG name')).not.toHaveAttribute('aria-invalid', 'true');
      expect(api.createSegments).not.toHaveBeenCalled();
      expect(button('Apply')).toBeDisabled();
    });

    it('previews the planned NetBox calls, then applies with an idempotency key and refreshes the list', async () => {
      const api = fakeSegmentsApi();
      await renderSegmentsPage(api);
      const dialog = await openCreate();
      fillCreate({ Prefix: ' 10.40.0.0/24 ' });
      fireEvent.click(within(dialog).getByRole('checkbox', { name: 'DHCP' }));
      fireEvent.click(button('Preview'));

      const preview = await within(dialog).findByRole('table', {
        name: 'Planned NetBox calls',
      });
      const expected = {
        site: 'hq',
        vlan_id: 140,
        epg_name: 'app',
        prefix: '10.40.0.0/24',
        vrf: 'prod',
        dhcp: true,
        description: '',
      };
      expect(api.createSegments).toHaveBeenCalledWith([expected], {
        dryRun: true,
        idempotencyKey: undefined,
      });
      expect(
        within(preview)
          .getAllByRole('row')
          .slice(1)
          .map(r =>
            within(r)
              .getAllByRole('cell')
              .slice(0, 3)
              .map(c => c.textContent),
          ),
      ).toEqual([
        ['POST', '/api/ipam/vlans/', 'create the VLANs'],
        ['POST', '/api/ipam/prefixes/', 'create the prefixes'],
      ]);
      expect(
        within(dialog).getByText(
          /Create VLAN 140 app with prefix 10.40.0.0\/24/,
        ),
      ).toBeInTheDocument();

      api.listSegments.mockResolvedValue({
        segments: [
          ...segments,
          { ...segments[0], id: 13, prefix: '10.40.0.0/24', vlanId: 140 },
        ],
      });
      fireEvent.click(button('Apply'));
      await dialogClosed();
      expect(api.createSegments).toHaveBeenCalledTimes(2);
      const [items, options] = api.createSegments.mock.calls[1];
      expect(items).toEqual([expected]);
      expect(options?.dryRun).toBe(false);
      expect(options?.idempotencyKey).toMatch(/\S{16,}/);
      expect(await screen.findByText('10.40.0.0/24')).toBeInTheDocument();
      expect(api.listSegments).toHaveBeenCalledTimes(2);
      expect(screen.getByRole('status')).toHaveTextContent(
        'Created VLAN 140 app.',
      );
    });

    it('sends one create for a double click on Apply', async () => {
      let finish: () => void = () => {};
      const api = fakeSegmentsApi();
      api.createSegments.mockImplementation(async (_items, options) => {
        if (options?.dryRun) return createPlan;
        await new Promise<void>(resolve => {
          finish = resolve;
        });
        return { ...createPlan, dryRun: false };
      });
      await renderSegmentsPage(api);
      await openCreate();
      fillCreate();
      fireEvent.click(button('Preview'));
      await screen.findByRole('table', { name: 'Planned NetBox calls' });
      const apply = button('Apply');
      fireEvent.click(apply);
      fireEvent.click(apply);
      await act(async () => finish());
      await dialogClosed();
      const applies = api.createSegments.mock.calls.filter(
        ([, options]) => !options?.dryRun,
      );
      expect(applies).toHaveLength(1);
    });

    it("shows the backend's per-item error under the field it names", async () => {
      const api = fakeSegmentsApi();
      api.createSegments.mockRejectedValueOnce(
        await responseError(400, {
          error: {
            name: 'SegmentsValidationError',
            message: '1 problem in the request',
          },
          items: [
            {
              index: 0,
              field: 'prefix',
              message:
                "prefix 10.40.0.0/24 is already segment 9's prefix in VRF prod",
            },
          ],
        }),
      );
      await renderSegmentsPage(api);
      await openCreate();
      fillCreate();
      fireEvent.click(button('Preview'));
      await waitFor(() =>
        expect(field('Prefix')).toHaveAccessibleDescription(
          "10.40.0.0/24 is already segment 9's prefix in VRF prod",
        ),
      );
      expect(field('Prefix')).toHaveAttribute('aria-invalid', 'true');
      expect(
        screen.queryByRole('table', { name: 'Planned NetBox calls' }),
      ).not.toBeInTheDocument();
      expect(button('Apply')).toBeDisabled();
    });
  });

  it('creates several pasted rows in one request, naming the line of each problem', async () => {
    const api = fakeSegmentsApi();
    await renderSegmentsPage(api);
    const dialog = await openCreate();
    fireEvent.click(button('Paste several rows'));
    const rows = within(dialog).getByLabelText('Rows');
    fireEvent.change(rows, {
      target: {
        value: '140,app,hq,10.40.0.0/24,prod\n141,db,hq,10.41.0.1/24,prod',
      },
    });
    fireEvent.click(button('Preview'));
    expect(rows).toHaveAccessibleDescription(
      expect.stringContaining(
        "Line 2: prefix '10.41.0.1/24' has host bits set",
      ),
    );
    expect(api.createSegments).not.toHaveBeenCalled();

    api.createSegments.mockRejectedValueOnce(
      await responseError(400, {
        error: { name: 'SegmentsValidationError', message: '1 problem' },
        items: [
          { index: 1, field: 'vlan_id', message: 'vlan_id 141 is in use' },
        ],
      }),
    );
    fireEvent.change(rows, {
      target: {
        value: '140,app,hq,10.40.0.0/24,prod\n141,db,hq,10.41.0.0/24,prod',
      },
    });
    fireEvent.click(button('Preview'));
    expect(
      await within(dialog).findByText('Line 2: vlan_id 141 is in use'),
    ).toBeInTheDocument();
    const [items, options] = api.createSegments.mock.calls[0];
    expect(items.map(i => [i.vlan_id, i.prefix])).toEqual([
      [140, '10.40.0.0/24'],
      [141, '10.41.0.0/24'],
    ]);
    expect(options?.dryRun).toBe(true);
  });

  it('edits a segment: only the changed field is sent, previewed, then applied', async () => {
    const api = fakeSegmentsApi();
    await renderSegmentsPage(api);
    const table = await findSegmentsTable();
    const row = within(table).getAllByRole('row')[1];
    fireEvent.click(within(row).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit segment 120 web',
    });
    expect(field('VLAN id')).toHaveValue('120');
    expect(field('Prefix')).toHaveValue('10.20.30.0/24');
    expect(field('Site group')).toBeDisabled();
    expect(field('VRF')).toBeDisabled();
    expect(
      within(dialog).getByRole('checkbox', { name: 'DHCP' }),
    ).toBeChecked();

    type('EPG name', 'web-v2');
    type('Prefix', '10.20.30.0/24');
    fireEvent.click(button('Preview'));
    await within(dialog).findByRole('table', { name: 'Planned NetBox calls' });
    expect(api.updateSegments).toHaveBeenCalledWith(
      [{ id: 11, changes: { epg_name: 'web-v2' } }],
      { dryRun: true },
    );
    expect(
      within(dialog).getByText('Segment 11: EPG name web → web-v2'),
    ).toBeInTheDocument();

    fireEvent.click(button('Apply'));
    await dialogClosed();
    expect(api.updateSegments).toHaveBeenLastCalledWith(
      [{ id: 11, changes: { epg_name: 'web-v2' } }],
      { dryRun: false },
    );
    expect(api.listSegments).toHaveBeenCalledTimes(2);
  });

  it('says so when an edit changes nothing, without a request', async () => {
    const api = fakeSegmentsApi();
    await renderSegmentsPage(api);
    const table = await findSegmentsTable();
    fireEvent.click(within(table).getAllByRole('button', { name: 'Edit' })[1]);
    await screen.findByRole('dialog', { name: 'Edit segment 130 db' });
    fireEvent.click(button('Preview'));
    expect(screen.getByText('Nothing was changed.')).toBeInTheDocument();
    expect(api.updateSegments).not.toHaveBeenCalled();
  });

  it("deletes a segment's VLAN after showing the planned calls", async () => {
    const api = fakeSegmentsApi();
    await renderSegmentsPage(api);
    const table = await findSegmentsTable();
    const row = within(table).getAllByRole('row')[1];
    fireEvent.click(within(row).getByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete segment 120 web',
    });
    await within(dialog).findByRole('table', { name: 'Planned NetBox calls' });
    expect(api.deleteSegment).toHaveBeenCalledWith(501, { dryRun: true });
    expect(
      within(dialog).getByText('/api/ipam/vlans/501/'),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    await dialogClosed();
    expect(api.deleteSegment).toHaveBeenLastCalledWith(501);
    expect(screen.getByRole('status')).toHaveTextContent(
      'Deleted VLAN 120 web.',
    );
  });
});
